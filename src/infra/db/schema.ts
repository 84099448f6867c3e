import type { ColumnType, Generated, Insertable, Selectable, Updateable } from 'kysely';
import type {
  Role,
  Priority,
  InstructionState,
  AssignmentState,
  DeliveryState,
  ChatStatus,
  OutboxState,
  ReportKind,
  ReviewState,
  ExtensionState,
  Attachment,
} from '../../domain/types';

export type { Role, Priority, InstructionState, AssignmentState, DeliveryState, ChatStatus, OutboxState, ReportKind, ReviewState, ExtensionState, Attachment };

// Timestamps are epoch milliseconds (UTC) in bigint columns on both SQLite and PostgreSQL.
// Flags are integer 0/1.

export interface OpdTable {
  id: Generated<number>;
  code: string;
  name: string;
  cluster: string | null;
  chat_id: number | null;
  chat_title: string | null;
  chat_status: ColumnType<ChatStatus, ChatStatus | undefined, ChatStatus>;
  created_at: number;
  updated_at: number;
}

export interface PersonTable {
  id: Generated<number>;
  telegram_id: number;
  name: string;
  username: string | null;
  role: Role;
  opd_id: number | null;
  lang: ColumnType<string, string | undefined, string>;
  active: ColumnType<number, number | undefined, number>;
  created_at: number;
  updated_at: number;
  // deactivation (migration 009): the current state; the history is in events
  deactivated_at: ColumnType<number | null, number | null | undefined, number | null>;
  /** Telegram id of the admin; null from the admin CLI. */
  deactivated_by: ColumnType<number | null, number | null | undefined, number | null>;
  deactivation_reason: ColumnType<string | null, string | null | undefined, string | null>;
  /** 1: an OPD member on call (piket), called in roll-calls with the heads (migration 010). */
  on_call: ColumnType<number, number | undefined, number>;
}

export interface InvitationTable {
  id: Generated<number>;
  code: string;
  opd_id: number;
  role: Role;
  created_by: number;
  max_uses: number;
  uses: ColumnType<number, number | undefined, number>;
  expires_at: number;
  created_at: number;
  // revocation (migration 009)
  revoked_at: ColumnType<number | null, number | null | undefined, number | null>;
  revoked_by: ColumnType<number | null, number | null | undefined, number | null>;
}

export type JoinRequestState = 'pending' | 'approved' | 'rejected';

/** Someone opened an invitation link whose role needs an admin's approval (migration 009). */
export interface JoinRequestTable {
  id: Generated<number>;
  invitation_id: number;
  opd_id: number;
  role: Role;
  telegram_id: number;
  name: string;
  username: string | null;
  state: ColumnType<JoinRequestState, JoinRequestState | undefined, JoinRequestState>;
  /** Telegram id of the admin who decided. */
  decided_by: number | null;
  decided_at: number | null;
  created_at: number;
}

export interface NumberSequenceTable {
  year: number;
  last_seq: number;
}

export interface InstructionTable {
  id: Generated<number>;
  number: string;
  text: string;
  issuer_id: number;
  priority: Priority;
  ack_deadline: number;
  due_at: number;
  state: ColumnType<InstructionState, InstructionState | undefined, InstructionState>;
  target_label: string;
  summary_chat_id: number | null;
  summary_message_id: number | null;
  created_at: number;
  closed_at: number | null;
  /** The pimpinan a secretariat member issued it on behalf of; null: issued by a leader in their own name (migration 012). */
  on_behalf_of_person_id: ColumnType<number | null, number | null | undefined, number | null>;
}

/** How many of an instruction's deliveries were claimed for a paid broadcast (migration 013; the cap's counter). */
export interface PaidBroadcastTable {
  instruction_id: number;
  sends: number;
}

/** The preview a leader pressed Kirim on, kept showing the delivery's progress (migration 014; src/features/instruction/summary.ts). */
export interface IssuePreviewTable {
  instruction_id: number;
  chat_id: number;
  message_id: number;
  /** The groups it was queued for (the N of "n/N"). */
  total: number;
  /** The n last shown. */
  shown: ColumnType<number, number | undefined, number>;
  /** When the preview was last edited (epoch ms): the throttle's claim. */
  edited_at: number;
  /** 1 once the final "terkirim ke n/N" is shown. */
  done: ColumnType<number, number | undefined, number>;
  /** A hash of the issuer's summary as last shown: an unchanged one is not edited again. */
  summary_digest: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface AssignmentTable {
  id: Generated<number>;
  instruction_id: number;
  opd_id: number;
  state: ColumnType<AssignmentState, AssignmentState | undefined, AssignmentState>;
  delivery_state: ColumnType<DeliveryState, DeliveryState | undefined, DeliveryState>;
  delivery_error: string | null;
  delivery_attempts: ColumnType<number, number | undefined, number>;
  /** 1: sent with `allow_paid_broadcast` (migration 013). */
  paid_broadcast: ColumnType<number, number | undefined, number>;
  chat_id: number | null;
  message_id: number | null;
  delivered_at: number | null;
  acked_at: number | null;
  acked_by: number | null;
  due_at: number;
  reminder_count: ColumnType<number, number | undefined, number>;
  escalation_count: ColumnType<number, number | undefined, number>;
  created_at: number;
  updated_at: number;
  // reminder timers (migration 002)
  last_reminder_at: ColumnType<number | null, number | null | undefined, number | null>;
  sec_escalated_at: ColumnType<number | null, number | null | undefined, number | null>;
  pim_escalated_at: ColumnType<number | null, number | null | undefined, number | null>;
  fu_stage: ColumnType<number, number | undefined, number>;
  fu_plan_from: ColumnType<number | null, number | null | undefined, number | null>;
  last_overdue_at: ColumnType<number | null, number | null | undefined, number | null>;
  // reports (migration 003)
  delegate_id: ColumnType<number | null, number | null | undefined, number | null>;
  reported_at: ColumnType<number | null, number | null | undefined, number | null>;
  done_at: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface EventTable {
  id: Generated<number>;
  at: number;
  kind: string;
  instruction_id: number | null;
  assignment_id: number | null;
  opd_id: number | null;
  actor_telegram_id: number | null;
  data: string | null;
}

export interface DraftTable {
  telegram_id: number;
  step: string;
  data: string;
  updated_at: number;
}

export interface OutboxTable {
  id: Generated<number>;
  chat_id: number;
  text: string;
  kind: string;
  priority: ColumnType<number, number | undefined, number>;
  assignment_id: number | null;
  opd_id: number | null;
  reply_to: number | null;
  state: ColumnType<OutboxState, OutboxState | undefined, OutboxState>;
  error: string | null;
  attempts: ColumnType<number, number | undefined, number>;
  message_id: number | null;
  created_at: number;
  sent_at: number | null;
  media: ColumnType<string | null, string | null | undefined, string | null>;
  buttons: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface ActingHeadTable {
  id: Generated<number>;
  opd_id: number;
  person_id: number;
  from_date: string;
  to_date: string;
  created_by: number;
  created_at: number;
}

export interface SettingTable {
  key: string;
  value: string;
  updated_at: number;
}

export interface ReportTable {
  id: Generated<number>;
  assignment_id: number;
  instruction_id: number;
  opd_id: number;
  person_id: number;
  kind: ReportKind;
  text: string;
  attachments: string; // JSON Attachment[]
  review_state: ColumnType<ReviewState, ReviewState | undefined, ReviewState>;
  review_reason: string | null;
  reviewed_by: number | null;
  reviewed_at: number | null;
  created_at: number;
}

export interface ExtensionRequestTable {
  id: Generated<number>;
  assignment_id: number;
  requested_by: number;
  requested_due: number;
  reason: string;
  state: ColumnType<ExtensionState, ExtensionState | undefined, ExtensionState>;
  decided_by: number | null;
  decided_at: number | null;
  created_at: number;
}

export type ObstacleState = 'open' | 'handled';

/** An obstacle (kendala) an OPD reported on an instruction (migration 011). */
export interface ObstacleTable {
  id: Generated<number>;
  assignment_id: number;
  instruction_id: number;
  opd_id: number;
  person_id: number;
  text: string;
  attachments: string; // JSON Attachment[]
  state: ColumnType<ObstacleState, ObstacleState | undefined, ObstacleState>;
  response: ColumnType<string | null, string | null | undefined, string | null>;
  /** people.id of whoever answered first. */
  responded_by: ColumnType<number | null, number | null | undefined, number | null>;
  responded_at: ColumnType<number | null, number | null | undefined, number | null>;
  reminded_at: ColumnType<number | null, number | null | undefined, number | null>;
  escalated_at: ColumnType<number | null, number | null | undefined, number | null>;
  extended_by: ColumnType<number | null, number | null | undefined, number | null>;
  extended_at: ColumnType<number | null, number | null | undefined, number | null>;
  handled_by: ColumnType<number | null, number | null | undefined, number | null>;
  handled_at: ColumnType<number | null, number | null | undefined, number | null>;
  created_at: number;
}

export interface ConversationTable {
  telegram_id: number;
  kind: string;
  ref_id: number;
  step: string;
  data: string;
  updated_at: number;
}

export interface DigestDeliveryTable {
  week_key: string;
  chat_id: number;
  /** pending → text_sent (the message went out, the chart not yet) → sent */
  state: 'pending' | 'text_sent' | 'sent' | 'failed';
  error: string | null;
  created_at: number;
  sent_at: number | null;
}

/** The figures of one local day (see migrations/2026-11-25_006_recap_days.ts and src/domain/recap-days.ts). */
export interface RecapDayTable {
  /** Days since 1970-01-01 in the org's zone. */
  day: number;
  figures: string;
  ack_ms: Buffer | null;
}

/** One row: this database's id, which scopes its Redis keys (migration 007). */
export interface InstallationTable {
  slot: number;
  id: string;
  created_at: number;
}

/** A job a committed state change causes, until the dispatcher has added it to BullMQ (migration 007). */
export interface EffectTable {
  id: Generated<number>;
  queue: string;
  name: string;
  job_id: string | null;
  /** JSON of the job's data. */
  data: string;
  priority: number | null;
  run_at: number | null;
  replace: ColumnType<number, number | undefined, number>;
  created_at: number;
}

/** An update being or already handled, by update_id (migration 008). */
export interface ProcessedUpdateTable {
  update_id: number;
  claimed_at: number;
}

/** A roll-call (apel "HP aktif 24 jam", migration 010). */
export interface RollcallTable {
  id: Generated<number>;
  /** people.id of the caller; null for a scheduled roll-call. */
  caller_id: number | null;
  scope_label: string;
  emergency: ColumnType<number, number | undefined, number>;
  scheduled: ColumnType<number, number | undefined, number>;
  started_at: number;
  deadline_at: number;
  tally_chat_id: number | null;
  tally_message_id: number | null;
  deadline_done_at: ColumnType<number | null, number | null | undefined, number | null>;
  sec_escalated_at: ColumnType<number | null, number | null | undefined, number | null>;
  closed_at: ColumnType<number | null, number | null | undefined, number | null>;
}

/** One person called in a roll-call (migration 010). */
export interface RollcallEntryTable {
  id: Generated<number>;
  rollcall_id: number;
  person_id: number;
  opd_id: number;
  telegram_id: number;
  answered_at: ColumnType<number | null, number | null | undefined, number | null>;
}

export interface Database {
  opds: OpdTable;
  people: PersonTable;
  invitations: InvitationTable;
  number_sequences: NumberSequenceTable;
  instructions: InstructionTable;
  paid_broadcasts: PaidBroadcastTable;
  issue_previews: IssuePreviewTable;
  assignments: AssignmentTable;
  events: EventTable;
  drafts: DraftTable;
  outbox: OutboxTable;
  acting_heads: ActingHeadTable;
  settings: SettingTable;
  reports: ReportTable;
  extension_requests: ExtensionRequestTable;
  conversations: ConversationTable;
  digest_deliveries: DigestDeliveryTable;
  recap_days: RecapDayTable;
  installation: InstallationTable;
  effects: EffectTable;
  processed_updates: ProcessedUpdateTable;
  join_requests: JoinRequestTable;
  rollcalls: RollcallTable;
  rollcall_entries: RollcallEntryTable;
  obstacles: ObstacleTable;
}

export type Opd = Selectable<OpdTable>;
export type Person = Selectable<PersonTable>;
export type NewPerson = Insertable<PersonTable>;
export type Invitation = Selectable<InvitationTable>;
export type JoinRequest = Selectable<JoinRequestTable>;
export type Instruction = Selectable<InstructionTable>;
export type Assignment = Selectable<AssignmentTable>;
export type AssignmentUpdate = Updateable<AssignmentTable>;
export type Event = Selectable<EventTable>;
export type OutboxMessage = Selectable<OutboxTable>;
export type Report = Selectable<ReportTable>;
export type ExtensionRequest = Selectable<ExtensionRequestTable>;
export type Obstacle = Selectable<ObstacleTable>;
export type Rollcall = Selectable<RollcallTable>;
