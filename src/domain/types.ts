/** The domain's vocabulary: the states, roles and priorities every rule speaks of (stored as these strings). */
export type Role = 'admin' | 'pimpinan' | 'sekretariat' | 'kepala' | 'staf';
export type Priority = 'biasa' | 'penting' | 'segera';
export type InstructionState = 'open' | 'closed' | 'cancelled';
export type AssignmentState = 'pending' | 'delivered' | 'acknowledged' | 'in_progress' | 'reported' | 'done' | 'cancelled';
export type DeliveryState = 'queued' | 'sending' | 'sent' | 'failed' | 'no_chat';
export type ChatStatus = 'none' | 'linked' | 'removed' | 'unreachable';
export type OutboxState = 'pending' | 'sent' | 'failed';
export type ReportKind = 'progress' | 'done';
export type ReviewState = 'none' | 'pending' | 'accepted' | 'returned';
export type ExtensionState = 'pending' | 'approved' | 'refused';

export interface Attachment {
  kind: 'photo' | 'document';
  file_id: string;
  file_name?: string;
}
