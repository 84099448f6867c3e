// Bahasa Indonesia: the default language. Official register ("Bapak/Ibu", never "Anda");
// how an entry is written is in locales/STYLE.md, and test/unit/catalogue-style.test.ts checks it.
// Every function takes already-escaped HTML fragments unless its parameter says `raw`.
import { dateParts, duration, weekdayName, zoneLabel, periodName } from './format';

export const id = {
  // Dates and durations as this language writes them; callers pass the org's IANA zone.
  // The Indonesian shapes are the ones people know from letters and are asserted in tests:
  // keep them byte for byte.
  fmt: {
    /** "Senin, 1 Desember 2026 pukul 10.00 WIB" */
    dateTime: (ms: number, tz: string): string => {
      const p = dateParts('id-ID', ms, tz);
      return `${p.weekday}, ${p.day} ${p.month} ${p.year} pukul ${p.hour}.${p.minute} ${zoneLabel(tz)}`;
    },
    /** "1 Des 2026 10.00 WIB" */
    shortDateTime: (ms: number, tz: string): string => {
      const p = dateParts('id-ID', ms, tz);
      return `${p.day} ${p.monthShort} ${p.year} ${p.hour}.${p.minute} ${zoneLabel(tz)}`;
    },
    /** "kurang dari 1 menit", "45 menit", "2 jam 15 menit", "3 hari 4 jam", "2 hari" */
    duration: (ms: number): string => duration('id-ID', ms, 'kurang dari 1 menit'),
    /** "Minggu" ... "Sabtu" for 0 ... 6, as in the org's working days */
    weekday: (d: number): string => weekdayName('id-ID', d),
    /** "26 Oktober – 25 November 2026" */
    period: (from: number, to: number, tz: string): string => periodName('id-ID', from, to, tz),
  },

  roleName: {
    admin: 'Admin',
    pimpinan: 'Pimpinan',
    sekretariat: 'Sekretariat',
    kepala: 'Kepala OPD',
    staf: 'Staf OPD',
  } as Record<string, string>,
  priorityName: { biasa: 'Biasa', penting: 'Penting', segera: 'Segera' } as Record<string, string>,

  // --- general
  notRegistered: 'Mohon maaf, Bapak/Ibu belum terdaftar di Arahan. Mohon hubungi admin untuk mendapatkan tautan undangan.',
  notAllowed: (command: string, roles: string) => `Mohon maaf, perintah ${command} hanya untuk ${roles}.`,
  privateOnly: (command: string) => `Perintah ${command} hanya dapat digunakan di chat pribadi dengan bot.`,
  crossOpdPrivateOnly: (command: string) =>
    `Perintah ${command} menampilkan data seluruh OPD, sehingga hanya dapat digunakan di chat pribadi dengan bot atau di grup sekretariat. Mohon kirim ulang di chat pribadi.`,
  groupOnly: (command: string) => `Perintah ${command} hanya dapat digunakan di grup OPD.`,
  unknownNumber: (n: string) => `Arahan dengan nomor <b>${n}</b> tidak ditemukan. Mohon periksa kembali nomornya.`,
  badNumber: (command: string) => `Nomor arahan tidak dikenali. Contoh: <code>${command} ARH-2026-0042</code> atau <code>${command} 42</code>.`,
  internalError: 'Mohon maaf, terjadi gangguan saat memproses permintaan Bapak/Ibu. Kejadian ini sudah dicatat; mohon coba lagi.',
  /** Sent once to someone over the per-person limit on messages; then they are ignored for `minutes`. */
  tooManyUpdates: (minutes: number) =>
    `Mohon maaf, Bapak/Ibu mengirim terlalu banyak pesan dalam waktu singkat. Pesan berikutnya tidak kami tanggapi untuk sementara; mohon coba lagi dalam ${minutes} menit.`,
  /** Ends a message cut to fit Telegram's limit (HTML). */
  truncated: '… <i>(terpotong)</i>',
  welcome: (name: string, role: string) => `Selamat datang, Bapak/Ibu ${name}.\nPeran Bapak/Ibu: <b>${role}</b>.\nKetik /bantuan untuk melihat perintah yang tersedia.`,
  welcomeUnregistered:
    'Selamat datang di <b>Arahan</b>, layanan penyampaian arahan pimpinan kepada OPD.\nBapak/Ibu belum terdaftar. Mohon buka tautan undangan dari admin untuk mendaftar.',

  // --- invitations
  inviteInvalid: 'Tautan undangan tidak dikenali. Mohon minta tautan baru kepada admin.',
  inviteExpired: 'Tautan undangan sudah kedaluwarsa. Mohon minta tautan baru kepada admin.',
  inviteUsedUp: 'Tautan undangan sudah mencapai batas pemakaian. Mohon minta tautan baru kepada admin.',
  inviteHigherRole: (role: string) => `Bapak/Ibu sudah terdaftar sebagai ${role}; tautan undangan OPD tidak mengubah peran tersebut. Mohon hubungi admin bila perlu diubah.`,
  inviteAccepted: (name: string, role: string, opd: string) =>
    `Selamat bergabung, Bapak/Ibu ${name}. Bapak/Ibu kini terdaftar sebagai <b>${role}</b> pada <b>${opd}</b>.\nArahan untuk OPD ini akan dikirim ke grup OPD; mohon tekan ✅ <b>Siap, diterima</b> pada setiap arahan.`,
  inviteCreated: (opd: string, role: string, link: string, uses: number, until: string) =>
    `Tautan undangan untuk <b>${role}</b> ${opd}:\n${link}\n\nBerlaku sampai ${until}, untuk ${uses} kali pemakaian. Mohon kirimkan kepada yang bersangkutan.`,
  inviteUsage: 'Format: <code>/undang KODE kepala|staf</code>\nContoh: <code>/undang DINKES kepala</code>',
  inviteRevoked: 'Tautan undangan ini telah dicabut oleh admin dan tidak dapat digunakan lagi. Mohon minta tautan baru kepada admin.',
  inviteAlreadyMember: (role: string, opd: string) =>
    `Bapak/Ibu sudah terdaftar sebagai <b>${role}</b> pada <b>${opd}</b>. Tautan undangan ini tidak mengubah peran maupun OPD Bapak/Ibu, sehingga tidak ada yang diubah. Mohon hubungi admin bila memang perlu diubah.`,
  invitePending: (role: string, opd: string) =>
    `Permintaan Bapak/Ibu untuk terdaftar sebagai <b>${role}</b> pada <b>${opd}</b> telah diteruskan kepada admin. Mohon menunggu persetujuan; Bapak/Ibu akan diberi tahu hasilnya melalui chat ini.`,
  inviteRejected: 'Mohon maaf, permintaan pendaftaran Bapak/Ibu melalui tautan ini tidak disetujui oleh admin. Mohon hubungi admin bila ada kekeliruan.',
  inviteNeedsApproval: 'Kepala OPD yang membuka tautan ini baru terdaftar setelah disetujui oleh admin.',
  inviteRevokeHint: (id: number) => `Untuk mencabut tautan ini: <code>/undangan cabut ${id}</code>`,
  invitesHeader: (n: number) => `<b>Tautan undangan yang masih berlaku</b> (${n}):`,
  invitesEmpty: 'Tidak ada tautan undangan yang masih berlaku.',
  inviteLine: (id: number, role: string, opd: string, uses: number, max: number, until: string, creator: string) =>
    `• <b>#${id}</b> ${role} ${opd}: terpakai ${uses} dari ${max}, berlaku sampai ${until}, dibuat oleh ${creator}`,
  invitesFooter: 'Tekan tombol di bawah, atau kirim <code>/undangan cabut NOMOR</code>, untuk mencabut tautan.',
  invitesUsage:
    'Format: <code>/undangan</code> untuk melihat tautan undangan yang masih berlaku, atau <code>/undangan cabut NOMOR</code> untuk mencabut satu tautan.\nContoh: <code>/undangan cabut 12</code>',
  btnRevoke: (id: number) => `Cabut #${id}`,
  inviteRevokedOk: (id: number, role: string, opd: string) =>
    `Tautan undangan #${id} (${role} ${opd}) telah dicabut; siapa pun yang membukanya akan diberi tahu bahwa tautan sudah dicabut.`,
  inviteRevokeAlready: (id: number) => `Tautan undangan #${id} sudah dicabut sebelumnya; tidak ada yang diubah.`,
  inviteRevokeUnknown: (ref: string) => `Tautan undangan “${ref}” tidak ditemukan. Ketik /undangan untuk melihat nomor tautan yang masih berlaku.`,
  joinRequest: (name: string, username: string | null, telegramId: number, role: string, opd: string, creator: string) =>
    `🔔 <b>Permintaan pendaftaran</b>\n${name}${username ? ` (@${username})` : ''}, ID Telegram <code>${telegramId}</code>, membuka tautan undangan <b>${role}</b> ${opd} yang dibuat oleh ${creator}.\nMohon pastikan bahwa benar yang bersangkutan, lalu pilih <b>Setujui</b> atau <b>Tolak</b>.`,
  joinApprovedAdmin: (name: string, role: string, opd: string) => `✅ ${name} telah disetujui dan terdaftar sebagai <b>${role}</b> pada ${opd}.`,
  joinRejectedAdmin: (name: string, opd: string) => `❌ Permintaan ${name} untuk ${opd} telah ditolak; yang bersangkutan sudah diberi tahu.`,
  joinRejectedPerson: (role: string, opd: string) =>
    `Mohon maaf, permintaan Bapak/Ibu untuk terdaftar sebagai <b>${role}</b> pada <b>${opd}</b> tidak disetujui oleh admin. Mohon hubungi admin bila ada kekeliruan.`,
  joinDecided: (approved: boolean, by: string) => `Permintaan ini sudah ${approved ? 'disetujui' : 'ditolak'} oleh ${by}; tidak ada yang diubah.`,
  joinConflict: (role: string) =>
    `Data pengguna ini sudah berubah (kini ${role}), sehingga persetujuan tidak dapat diterapkan. Mohon gunakan /peran bila perlu; tidak ada yang diubah.`,
  joinUnknown: 'Permintaan pendaftaran ini tidak ditemukan; tidak ada yang diubah.',

  // --- deactivation
  accountInactive: 'Mohon maaf, akun Bapak/Ibu di Arahan telah dinonaktifkan oleh admin, sehingga permintaan ini tidak dapat diproses. Mohon hubungi admin bila ada kekeliruan.',
  deactivateUsage:
    'Format: <code>/nonaktif ID_TELEGRAM [alasan]</code>, <code>/nonaktif @username [alasan]</code> atau <code>/nonaktif Nama Lengkap | alasan</code>\nContoh: <code>/nonaktif 123456789 pindah tugas</code>',
  activateUsage: 'Format: <code>/aktifkan ID_TELEGRAM</code>, <code>/aktifkan @username</code> atau <code>/aktifkan Nama Lengkap</code>\nContoh: <code>/aktifkan 123456789</code>',
  personNotFound: (ref: string) => `Pengguna “${ref}” tidak ditemukan. Mohon periksa ID Telegram, @username, atau nama lengkapnya; tidak ada yang diubah.`,
  personSuggestions: 'Mungkin yang dimaksud:',
  personAmbiguous: (ref: string) => `Ada lebih dari satu pengguna bernama “${ref}”. Mohon ulangi dengan ID Telegram salah satu di bawah ini; tidak ada yang diubah.`,
  personLine: (name: string, role: string, opd: string | null, telegramId: number, active: boolean) =>
    `• ${name} — ${role}${opd ? ` ${opd}` : ''}, ID <code>${telegramId}</code>${active ? '' : ' (nonaktif)'}`,
  deactivated: (name: string, role: string, reason: string | null, telegramId: number) =>
    `${name} (${role}) telah dinonaktifkan${reason ? `, dengan alasan: ${reason}` : ''}. Mulai sekarang konfirmasi, laporan, permintaan, dan perintah dari yang bersangkutan ditolak; riwayatnya tetap tersimpan.\nUntuk membatalkan: <code>/aktifkan ${telegramId}</code>`,
  deactivatedHeadless: (opd: string) =>
    `⚠️ ${opd} kini tidak memiliki kepala OPD yang aktif, sehingga pengingat dan eskalasi untuk kepala OPD tidak terkirim. Mohon undang kepala baru dengan <code>/undang KODE kepala</code> atau tetapkan Plt/Plh dengan <code>/plt</code>.`,
  alreadyInactive: (name: string, since: string) => `${name} sudah nonaktif sejak ${since}; tidak ada yang diubah.`,
  lastAdmin: (name: string) =>
    `Mohon maaf, ${name} adalah satu-satunya admin yang aktif; bila dinonaktifkan, tidak ada lagi yang dapat mengelola Arahan. Mohon tetapkan admin lain terlebih dahulu (<code>/peran ID_TELEGRAM admin</code>). Tidak ada yang diubah.`,
  reactivated: (name: string, role: string, opd: string | null) => `${name} telah diaktifkan kembali sebagai <b>${role}</b>${opd ? ` pada ${opd}` : ''}.`,
  alreadyActive: (name: string) => `${name} masih aktif; tidak ada yang diubah.`,

  // --- OPD set-up
  opdListHeader: (n: number) => `<b>Daftar OPD</b> (${n}):`,
  opdListEmpty: 'Belum ada OPD. Admin dapat menambahkan dengan <code>/opd tambah KODE Nama OPD</code>.',
  opdLine: (code: string, name: string, cluster: string | null, status: string) => `• <b>${code}</b> — ${name}${cluster ? ` (${cluster})` : ''}: ${status}`,
  chatStatus: {
    none: 'grup belum terhubung',
    linked: 'grup terhubung ✅',
    removed: '⚠️ bot dikeluarkan dari grup',
    unreachable: '⚠️ grup tidak dapat dijangkau',
  } as Record<string, string>,
  opdAddUsage: 'Format: <code>/opd tambah KODE Nama OPD [| Klaster]</code>\nContoh: <code>/opd tambah DINKES Dinas Kesehatan | Sosial</code>',
  opdBadCode: 'Kode OPD hanya boleh berisi huruf, angka, titik, garis bawah atau tanda hubung (2–32 karakter). Contoh: DINKES.',
  opdAdded: (code: string, name: string) => `OPD <b>${code}</b> — ${name} telah ditambahkan.`,
  opdUpdated: (code: string, name: string) => `OPD <b>${code}</b> — ${name} telah diperbarui.`,
  opdNameEmpty:
    'Nama OPD tidak dapat dibaca: setelah karakter kendali dan karakter tak terlihat dibuang, tidak ada yang tersisa. Mohon tulis nama lengkap OPD dengan huruf biasa.\nContoh: <code>/opd tambah DINKES Dinas Kesehatan | Sosial</code>',
  opdNameShortened: (nameMax: number, clusterMax: number) =>
    `Catatan: nama OPD paling panjang ${nameMax} karakter dan nama klaster ${clusterMax} karakter; isian yang lebih panjang telah dipotong seperti tertulis di atas. Bila perlu, mohon kirim ulang dengan nama yang lebih singkat.`,
  unknownOpd: (code: string) => `OPD dengan kode <b>${code}</b> tidak ditemukan. Ketik /opd untuk melihat daftar kode.`,
  linkUsage: 'Format: <code>/daftar KODE</code> di dalam grup OPD. Contoh: <code>/daftar DINKES</code>',
  linked: (code: string, name: string) => `Grup ini telah terhubung dengan <b>${code}</b> — ${name}. Arahan pimpinan untuk OPD ini akan dikirim ke grup ini.`,
  roleUsage:
    'Format: <code>/peran TELEGRAM_ID PERAN [KODE_OPD]</code>\nPeran: admin, pimpinan, sekretariat, kepala, staf. Kepala dan staf memerlukan kode OPD.\nContoh: <code>/peran 123456789 kepala DINKES</code>',
  roleBadId: 'ID Telegram harus berupa angka. Contoh: <code>/peran 123456789 sekretariat</code>',
  roleUnknown: (role: string) => `Peran “${role}” tidak dikenal. Pilihan: admin, pimpinan, sekretariat, kepala, staf.`,
  roleNeedsOpd: 'Peran kepala dan staf memerlukan kode OPD. Contoh: <code>/peran 123456789 staf DINKES</code>',
  rolePersonUnknown: (id: string) => `Pengguna dengan ID ${id} belum pernah terdaftar. Mohon minta yang bersangkutan membuka tautan undangan atau menekan /start terlebih dahulu.`,
  roleSet: (name: string, role: string, opd: string | null) => `Peran ${name} kini <b>${role}</b>${opd ? ` pada ${opd}` : ''}.`,
  botRemoved: (code: string) => `⚠️ Bot dikeluarkan dari grup OPD <b>${code}</b>. Arahan tidak dapat dikirim sampai grup dihubungkan kembali.`,

  // --- issuing
  draftAskText:
    'Mohon tuliskan <b>isi arahan</b> dalam satu pesan.\n\nAtau kirim sekaligus dengan format surat:\n<code>/arahan\nKepada: semua\nKonfirmasi: 2 jam\nSelesai: Jumat 16.00\nSifat: segera\n\nIsi arahan ...</code>\n\nKetik /batal_draf untuk membatalkan.',
  draftAskTargets: 'Kepada siapa arahan ini ditujukan?',
  draftTargetAll: 'Semua OPD',
  draftTargetPick: 'Pilih OPD',
  draftPickTitle: (n: number) => `Pilih OPD tujuan (terpilih: ${n}). Tekan <b>Selesai</b> bila sudah.`,
  draftPickDone: 'Selesai ✔',
  draftPickNone: 'Mohon pilih sedikitnya satu OPD.',
  draftAskAck: 'Mohon tentukan <b>batas waktu konfirmasi</b>.\nContoh: 2 jam, hari ini 16.00, besok 09.00, 28/11 17.00.',
  draftAskDue: 'Mohon tentukan <b>batas waktu tindak lanjut (selesai)</b>.\nContoh: 3 hari, Jumat 16.00, 28 November 2026 17.00.',
  draftAskPriority: 'Mohon pilih <b>sifat</b> arahan:',
  draftCancelled: 'Draf arahan dibatalkan. Tidak ada yang dikirim.',
  draftNone: 'Tidak ada draf arahan yang sedang disusun. Ketik /arahan untuk memulai.',
  draftPreviewWaiting: 'Pratinjau arahan menunggu keputusan Bapak/Ibu: mohon tekan <b>Kirim</b> atau <b>Batal</b> pada pesan pratinjau.',
  draftExpired: 'Draf ini sudah tidak berlaku. Ketik /arahan untuk menyusun arahan baru.',
  previewTitle: '<b>Pratinjau arahan</b>',
  previewTargets: (label: string, n: number) => `Kepada: ${label} (${n} OPD)`,
  previewNoChat: (codes: string) => `⚠️ Belum memiliki grup terhubung: ${codes}. Arahan untuk OPD tersebut tidak dapat dikirim.`,
  previewConfirm: 'Mohon periksa kembali, lalu tekan <b>Kirim</b> atau <b>Batal</b>.',
  draftClusterButton: (name: string) => `Klaster ${name}`,
  previewPriority: (priority: string) => `Sifat: ${priority}`,
  previewAck: (at: string) => `Konfirmasi: <b>${at}</b>`,
  previewDue: (at: string) => `Selesai: <b>${at}</b>`,
  /** A deadline on a day off (issue #15): `holiday` is null on an ordinary day off, '' for an unnamed holiday. */
  previewOffDay: (which: 'ack' | 'due', weekday: string, holiday: string | null, next: string) =>
    `⚠️ Batas waktu ${which === 'ack' ? 'konfirmasi' : 'selesai'} jatuh pada ${holiday === null ? `hari ${weekday}` : `hari libur nasional${holiday ? `: ${holiday}` : ''} (${weekday})`}, bukan hari kerja. Tekan <b>Geser</b> untuk memindahkannya ke hari kerja berikutnya (${next}), atau biarkan bila memang dimaksudkan.`,
  previewShiftButton: (which: 'ack' | 'due', next: string) => `Geser ${which === 'ack' ? 'konfirmasi' : 'selesai'} ke ${next}`,
  send: 'Kirim',
  cancel: 'Batal',
  textEmpty: 'Isi arahan masih kosong. Mohon tuliskan isi arahan setelah baris keterangan (Kepada, Konfirmasi, Selesai, Sifat).',
  textTooLong: (max: number, got: number) => `Isi arahan terlalu panjang (${got} karakter). Batas: ${max} karakter. Mohon diringkas atau dibagi menjadi beberapa arahan.`,
  targetsMissing: 'Baris <b>Kepada</b> belum diisi. Contoh: <code>Kepada: semua</code>, <code>Kepada: klaster Ekonomi</code>, <code>Kepada: DINKES, BPBD</code>.',
  targetsBad: (raw: string) => `Tujuan “${raw}” tidak dikenali. Contoh: semua, klaster Ekonomi, DINKES, BPBD.`,
  targetsUnknownCodes: (codes: string) => `Kode OPD tidak dikenal: ${codes}. Ketik /opd untuk melihat daftar kode.`,
  targetsUnknownCluster: (name: string, known: string) => `Klaster “${name}” tidak dikenal. Klaster yang ada: ${known || '(belum ada)'}.`,
  targetsEmpty: 'Belum ada OPD yang terdaftar. Mohon admin menambahkan OPD terlebih dahulu.',
  ackMissing: 'Baris <b>Konfirmasi</b> belum diisi. Contoh: <code>Konfirmasi: 2 jam</code>.',
  dueMissing: 'Baris <b>Selesai</b> belum diisi. Contoh: <code>Selesai: Jumat 16.00</code>.',
  /** A deadline that could not be read (src/domain/deadline.ts's DeadlineError); the examples are what people type. */
  deadlineProblem: {
    empty: 'Batas waktu belum diisi. Contoh: 2 jam, besok 09.00, Jumat 16.00, 28/11 17.00, 28 November 2026 17.00.',
    unrecognised: (input: string) =>
      `Format waktu tidak dikenali: “${input}”. Contoh: 2 jam, besok 09.00, Jumat 16.00, 28/11 17.00, 28 November 2026 17.00. Tanpa jam, batas waktu adalah pukul 16.00.`,
    badDate: (input: string) => `Tanggal tidak valid: “${input}”. Contoh: 2 jam, besok 09.00, Jumat 16.00, 28/11 17.00, 28 November 2026 17.00.`,
    badTime: (input: string) => `Jam tidak valid: “${input}”. Gunakan jam 00.00 sampai 23.59.`,
    /** `date` as "28 November 2026"; the weekdays from fmt.weekday. */
    weekdayMismatch: (date: string, actual: string, named: string) => `Tanggal ${date} jatuh pada hari ${actual}, bukan ${named}.`,
  },
  priorityBad: (raw: string) => `Sifat “${raw}” tidak dikenali. Pilihan: biasa, penting, segera.`,
  ackInPast: (at: string) => `Batas waktu konfirmasi (${at}) sudah lewat. Mohon tentukan waktu yang akan datang.`,
  dueInPast: (at: string) => `Batas waktu tindak lanjut (${at}) sudah lewat. Mohon tentukan waktu yang akan datang.`,
  dueBeforeAck: (due: string, ack: string) => `Batas waktu tindak lanjut (${due}) tidak boleh sebelum batas waktu konfirmasi (${ack}).`,
  issued: (number: string, n: number) => `Arahan <b>${number}</b> sedang dikirim ke ${n} grup OPD.`,
  issuedProgress: (number: string, n: number, sent: number) => `Arahan <b>${number}</b> sedang dikirim ke ${n} grup OPD (${sent}/${n}).`,
  issuedDelivered: (number: string, sent: number, n: number) => `Arahan <b>${number}</b> terkirim ke ${sent}/${n} grup OPD.`,
  issuedNoChat: (codes: string) => `⚠️ Tidak terkirim karena grup OPD belum terhubung: ${codes}. Mohon admin menghubungkan grupnya dengan /daftar.`,
  // --- on whose behalf (a secretariat member issues in the name of a pimpinan)
  draftAskBehalf: 'Arahan dari sekretariat disampaikan atas nama pimpinan. Mohon pilih <b>atas nama</b> pimpinan siapa arahan ini disampaikan:',
  behalfNoPimpinan: 'Belum ada pimpinan aktif yang terdaftar, sehingga arahan belum dapat disampaikan atas nama pimpinan. Mohon hubungi admin.',
  behalfMissing: 'Arahan dari sekretariat harus disampaikan atas nama pimpinan. Mohon pilih pimpinan terlebih dahulu (atau tambahkan baris <code>Atas nama: NAMA</code>).',
  behalfUnknown: (raw: string, known: string) => `Pimpinan “${raw}” tidak ditemukan. Pimpinan yang terdaftar: ${known || '(belum ada)'}.`,
  behalfNotAllowed: 'Pimpinan menyampaikan arahan atas nama sendiri. Baris <b>Atas nama</b> hanya digunakan oleh sekretariat.',
  previewOnBehalf: (leader: string, sender: string) => `Atas nama: <b>${leader}</b> (disampaikan oleh ${sender})`,
  behalfNotice: (number: string, sender: string, label: string, n: number, code: string) =>
    `📌 Arahan <b>${number}</b> telah disampaikan <b>atas nama Bapak/Ibu</b> oleh ${sender} kepada ${label} (${n} OPD).\n🔐 Kode verifikasi: <code>${code}</code>\n\nRingkasan:`,

  // --- the OPD's message
  groupMessageTitle: (number: string, priority: string) => `📌 <b>ARAHAN ${number}</b> — Sifat: ${priority}`,
  groupFrom: (issuer: string) => `Dari: ${issuer}`,
  groupOnBehalf: (sender: string, leader: string) => `Disampaikan oleh ${sender} atas nama ${leader}`,
  verifyLine: (number: string, code: string) => `🔐 Kode verifikasi: <code>${code}</code> (periksa keaslian: <code>/cek ${number} ${code}</code> di chat pribadi dengan bot)`,
  groupAckBy: (deadline: string) => `Mohon konfirmasi sebelum <b>${deadline}</b>.`,
  groupDueBy: (deadline: string) => `Tindak lanjut selesai paling lambat <b>${deadline}</b>.`,
  groupAcked: (name: string, at: string) => `✅ Diterima oleh ${name} pada ${at}.`,
  groupCancelled: '❌ Arahan ini telah dibatalkan.',
  groupClosed: '🔒 Arahan ini telah ditutup.',
  groupReportAccepted: '✔ Laporan selesai OPD ini telah <b>diterima</b>.',
  btnAck: '✅ Siap, diterima',
  btnReport: '📝 Kirim laporan',

  // --- acknowledgement answers (callback alerts are plain text, max 200 characters)
  ackThanks: 'Terima kasih, konfirmasi Bapak/Ibu telah dicatat.',
  ackAlready: (name: string, at: string) => `Arahan ini sudah dikonfirmasi oleh ${name} pada ${at}.`,
  ackNotRegistered: 'Mohon maaf, Bapak/Ibu belum terdaftar di Arahan, sehingga konfirmasi tidak dapat dicatat. Mohon hubungi admin.',
  ackInactive: 'Mohon maaf, akun Bapak/Ibu tidak aktif di Arahan. Mohon hubungi admin.',
  ackNotMember: (opd: string) => `Mohon maaf, hanya kepala atau staf ${opd} yang dapat mengonfirmasi arahan ini.`,
  ackClosed: 'Arahan ini sudah ditutup atau dibatalkan; konfirmasi tidak lagi diperlukan.',
  ackUnknown: 'Arahan ini tidak ditemukan. Mohon hubungi sekretariat.',
  reportSoon: 'Fitur kirim laporan segera tersedia.',

  // --- the issuer's summary
  summaryTitle: (number: string) => `📊 <b>${number}</b>`,
  summaryAck: (acked: number, total: number) => `${acked}/${total} OPD sudah konfirmasi`,
  summaryFailed: (n: number) => `⚠️ ${n} OPD belum dapat dikirimi`,
  summaryPaid: (n: number) => `⭐ ${n} pesan dikirim dengan siaran berbayar Telegram`,
  summaryAckDeadline: (deadline: string) => `Batas konfirmasi: ${deadline}`,
  summaryAllAcked: 'Seluruh OPD sudah konfirmasi.',

  // --- queries
  belumNone: 'Semua OPD sudah konfirmasi.',
  belumHeader: (n: number) => `<b>Belum konfirmasi</b> (${n} OPD):`,
  belumGroup: (number: string, deadline: string) => `\n<b>${number}</b> — batas ${deadline}`,
  belumLine: (code: string, name: string, since: string) => `• ${code} — ${name}: ${since}`,
  sinceDelivery: (d: string) => `${d} sejak dikirim`,
  notDelivered: (why: string) => `belum terkirim (${why})`,
  statusHeader: (number: string, state: string, acked: number, total: number) => `<b>Status ${number}</b> (${state})\n${acked} dari ${total} OPD sudah konfirmasi.`,
  statusLine: (code: string, name: string, state: string) => `• ${code} — ${name}: ${state}`,
  instructionStateName: { open: 'berjalan', closed: 'ditutup', cancelled: 'dibatalkan' } as Record<string, string>,
  /** An OPD's part of an open instruction, as listed by /rekap KODE. */
  assignmentStateName: {
    pending: 'belum terkirim',
    delivered: 'belum konfirmasi',
    acknowledged: 'dikonfirmasi',
    in_progress: 'dalam proses',
    reported: 'menunggu pemeriksaan',
  } as Record<string, string>,
  stAcked: (by: string, at: string, late: boolean) => `✅ diterima ${by}, ${at}${late ? ' (terlambat)' : ''}`,
  stDelivered: (at: string) => `⏳ terkirim ${at}, belum konfirmasi`,
  stQueued: 'antre pengiriman',
  stSending: 'sedang dikirim',
  stFailed: (why: string) => `⚠️ gagal terkirim: ${why}`,
  stNoChat: '⚠️ grup belum terhubung',
  stCancelled: 'dibatalkan',
  statusUsage: 'Format: <code>/status NOMOR</code>. Contoh: <code>/status ARH-2026-0042</code>',

  // --- reminders and escalation
  opdUnreachable: (code: string, name: string, reason: string) =>
    `⚠️ Grup OPD <b>${code}</b> — ${name} tidak dapat dijangkau oleh bot (${reason}). Pesan untuk OPD ini tidak terkirim. Mohon admin memeriksa grupnya dan menghubungkan kembali dengan /daftar.`,
  timeLeft: (d: string) => `Sisa waktu: ${d}`,
  timePast: (d: string) => `Batas waktu telah lewat ${d}`,
  remindAck: (number: string, opd: string, deadline: string, left: string) =>
    `⏰ <b>Pengingat</b>: arahan <b>${number}</b> untuk ${opd} belum dikonfirmasi.\nBatas konfirmasi: <b>${deadline}</b>. ${left}.\nMohon tekan ✅ <b>Siap, diterima</b> pada pesan arahan.`,
  escalateSecretariat: (number: string, opd: string, heads: string, late: string, deadline: string) =>
    `⚠️ <b>Eskalasi</b>: ${opd} belum mengonfirmasi arahan <b>${number}</b>.\nKepala: ${heads}.\nTerlambat ${late} (batas ${deadline}).\nMohon ditindaklanjuti.`,
  escalatePimpinan: (number: string, opd: string, heads: string, late: string, deadline: string) =>
    `⚠️ <b>Eskalasi kepada Pimpinan</b>: ${opd} belum mengonfirmasi arahan <b>${number}</b> meskipun sudah diingatkan dan dilaporkan ke sekretariat.\nKepala: ${heads}.\nTerlambat ${late} (batas ${deadline}).`,
  remindDueDayBefore: (number: string, opd: string, due: string) =>
    `⏰ <b>Pengingat tindak lanjut</b>: arahan <b>${number}</b> untuk ${opd} harus selesai besok, <b>${due}</b>. Mohon siapkan laporannya.`,
  remindDueMorning: (number: string, opd: string, due: string) =>
    `⏰ <b>Hari ini batas waktu</b> tindak lanjut arahan <b>${number}</b> untuk ${opd}: <b>${due}</b>. Mohon laporan dikirim tepat waktu.`,
  overdueOpd: (number: string, opd: string, due: string) =>
    `⚠️ Tindak lanjut arahan <b>${number}</b> oleh ${opd} telah melewati batas waktu (<b>${due}</b>). Mohon <b>segera dilaporkan</b>.`,
  overdueSecretariat: (number: string, opd: string, due: string) =>
    `⚠️ Tindak lanjut arahan <b>${number}</b> oleh ${opd} terlambat: batas waktu ${due} telah lewat tanpa laporan selesai.`,
  overdueDaily: (number: string, opd: string, late: string) => `⚠️ Tindak lanjut arahan <b>${number}</b> oleh ${opd} masih terlambat ${late}. Mohon <b>segera dilaporkan</b>.`,
  noHead: 'belum ada kepala terdaftar',

  // --- closing, cancelling, extending
  manageUsage: (command: string) => `Format: <code>${command} NOMOR</code>. Contoh: <code>${command} ARH-2026-0042</code>`,
  extendUsage: 'Format: <code>/perpanjang NOMOR BATAS_BARU</code>. Contoh: <code>/perpanjang ARH-2026-0042 Jumat 16.00</code>',
  notIssuer: 'Mohon maaf, hanya pemberi arahan atau sekretariat yang dapat mengubah arahan ini.',
  alreadyEnded: (number: string, state: string) => `Arahan <b>${number}</b> sudah ${state}; tidak ada yang diubah.`,
  closed: (number: string) => `Arahan <b>${number}</b> telah ditutup. Pengingat untuk arahan ini dihentikan.`,
  cancelled: (number: string, n: number) => `Arahan <b>${number}</b> telah dibatalkan. ${n} grup OPD diberi tahu.`,
  cancelledGroup: (number: string) => `❌ Arahan <b>${number}</b> <b>dibatalkan</b>. Mohon tidak ditindaklanjuti.`,
  extended: (number: string, due: string) => `Batas waktu tindak lanjut arahan <b>${number}</b> diperpanjang menjadi <b>${due}</b>. Pengingat telah dijadwalkan ulang.`,
  extendedGroup: (number: string, due: string) => `📅 Batas waktu tindak lanjut arahan <b>${number}</b> diperpanjang menjadi <b>${due}</b>.`,
  resent: (number: string, n: number) => `Pengiriman ulang arahan <b>${number}</b> ke ${n} grup OPD sedang diproses. Ketik /status ${number} untuk memantau.`,
  resentNone: (number: string) => `Tidak ada pengiriman arahan <b>${number}</b> yang gagal dan dapat dikirim ulang (grup OPD yang belum terhubung perlu /daftar terlebih dahulu).`,
  extendNotLater: (due: string) => `Batas waktu baru (${due}) harus di masa yang akan datang.`,

  // --- reminder plan, quiet hours, acting heads
  planHeader: (number: string) => `<b>Rencana pengingat ${number}</b>:`,
  planNone: 'Tidak ada pengingat yang dijadwalkan (semua OPD sudah konfirmasi/selesai, atau arahan sudah ditutup).',
  planLine: (code: string, what: string, who: string, at: string) => `• ${code}: ${what} untuk ${who} — ${at}`,
  stepName: {
    ack_reminder: 'pengingat konfirmasi',
    escalate_secretariat: 'eskalasi ke sekretariat',
    escalate_pimpinan: 'eskalasi ke pimpinan',
    due_day_before: 'pengingat H-1',
    due_morning: 'pengingat pagi hari-H',
    overdue: 'pemberitahuan terlambat',
    overdue_daily: 'pengingat harian keterlambatan',
  } as Record<string, string>,
  whoOpd: 'grup OPD dan kepala',
  whoSecretariat: 'sekretariat',
  whoIssuer: 'pemberi arahan',
  whoOpdSecretariat: 'grup OPD, kepala dan sekretariat',
  quietShow: (range: string, days: string) =>
    `Jam senyap: <b>${range}</b> (hari kerja: ${days}; hari libur nasional dan cuti bersama dikecualikan).\nPengingat sifat biasa dan penting pada jam senyap atau hari libur ditunda ke awal jam kerja berikutnya; sifat segera tetap dikirim.\nAdmin dapat mengubah: <code>/senyap 21.00-06.00</code> atau <code>/senyap mati</code>.`,
  quietSet: (range: string) => `Jam senyap diubah menjadi <b>${range}</b>.`,
  quietUsage: 'Format: <code>/senyap 21.00-06.00</code> atau <code>/senyap mati</code>.',
  pltUsage:
    'Format: <code>/plt KODE TELEGRAM_ID DARI SAMPAI</code> (tanggal 28/11/2026 atau 2026-11-28), atau <code>/plt KODE hapus</code>.\nContoh: <code>/plt DINKES 123456789 1/12/2026 10/12/2026</code>',
  pltBadDates: 'Tanggal tidak valid. Gunakan 28/11/2026 atau 2026-11-28, dan tanggal akhir tidak boleh sebelum tanggal mulai.',
  pltSet: (name: string, opd: string, from: string, to: string) =>
    `${name} ditetapkan sebagai Plt/Plh kepala ${opd} dari ${from} sampai ${to}, dan akan menerima pengingat kepala OPD.`,
  pltRemoved: (opd: string, n: number) => `${n} penugasan Plt/Plh untuk ${opd} dihapus.`,
  pltList: (opd: string, lines: string) => `Plt/Plh ${opd}:\n${lines || '(tidak ada)'}`,

  // --- reports
  btnExtend: '⏳ Minta perpanjangan',
  reportStart: (number: string, opd: string) =>
    `📝 <b>Laporan tindak lanjut ${number}</b> — ${opd}.\nMohon kirim uraian laporan (teks) dan foto/dokumen sebagai bukti, satu atau beberapa pesan. Setelah lengkap, pilih <b>Kirim sebagai progres</b> atau <b>Kirim sebagai selesai</b>.`,
  reportCollected: (number: string, hasText: boolean, files: number) =>
    `Diterima untuk laporan <b>${number}</b>: ${hasText ? 'uraian teks' : 'belum ada uraian teks'}${files ? `, ${files} lampiran` : ''}.\nKirim lagi bila perlu, lalu pilih:`,
  btnSendProgress: 'Kirim sebagai progres',
  btnSendDone: 'Kirim sebagai selesai',
  btnCancelReport: 'Batal',
  reportEmpty: 'Laporan masih kosong. Mohon kirim uraian teks atau foto/dokumen terlebih dahulu.',
  reportTooLong: (max: number) => `Uraian laporan terlalu panjang (batas ${max} karakter). Mohon diringkas.`,
  reportNone: 'Tidak ada laporan yang sedang disusun. Tekan 📝 <b>Kirim laporan</b> pada pesan arahan di grup OPD.',
  reportCancelled: 'Penyusunan laporan dibatalkan. Tidak ada yang dikirim.',
  reportSent: (number: string, kind: string) => `Terima kasih. Laporan ${kind} untuk arahan <b>${number}</b> telah dicatat dan diteruskan kepada pemberi arahan.`,
  reportSentGroup: (name: string, number: string) => `📝 Laporan progres dari ${name} untuk arahan <b>${number}</b> telah dicatat dan diteruskan.`,
  reportKindDone: 'selesai',
  reportKindProgress: 'progres',
  reportNoText: '(tanpa uraian teks)',
  reportForward: (number: string, opd: string, who: string, kind: string, text: string, files: number) =>
    `📝 <b>Laporan ${kind}</b> — arahan <b>${number}</b>\nDari: ${opd} (${who})\n\n${text}${files ? `\n\nLampiran: ${files} berkas.` : ''}`,
  reportAttachment: (number: string, opd: string, i: number, n: number) => `Lampiran ${i}/${n} — ${number} ${opd}`,
  reportOpenPrivate: 'Silakan lanjutkan di chat pribadi dengan bot.',
  reportRefused: {
    instruction_closed: 'Arahan ini sudah ditutup atau dibatalkan; laporan tidak lagi diterima.',
    cancelled: 'Arahan ini sudah dibatalkan; laporan tidak lagi diterima.',
    awaiting_review: 'Laporan selesai OPD ini sedang menunggu pemeriksaan pemberi arahan. Mohon tunggu keputusannya.',
    already_done: 'Tindak lanjut OPD ini sudah dinyatakan selesai.',
    unknown: 'Arahan ini tidak ditemukan. Mohon hubungi sekretariat.',
  } as Record<string, string>,
  reportNotMember: (opd: string) => `Mohon maaf, hanya kepala atau staf ${opd} yang dapat mengirim laporan untuk arahan ini.`,
  btnAccept: '✔ Terima',
  btnReturn: '↩ Kembalikan',
  reviewAskReason: (number: string, opd: string) => `Mohon tuliskan <b>alasan pengembalian</b> laporan ${number} dari ${opd}. Alasan ini akan diteruskan ke grup OPD.`,
  reviewReasonEmpty: 'Alasan pengembalian belum diisi. Mohon tuliskan alasannya.',
  reasonTooLong: (max: number) => `Alasan terlalu panjang (batas ${max} karakter). Mohon diringkas dan dikirim kembali.`,
  reviewAccepted: (number: string, opd: string) => `✔ Laporan selesai ${opd} untuk arahan <b>${number}</b> diterima.`,
  reviewReturned: (number: string, opd: string) => `↩ Laporan ${opd} untuk arahan <b>${number}</b> dikembalikan. Grup OPD telah diberi tahu.`,
  reviewAcceptedGroup: (number: string) => `✔ Laporan selesai untuk arahan <b>${number}</b> telah <b>diterima</b>. Terima kasih atas tindak lanjutnya.`,
  reviewReturnedGroup: (number: string, reason: string) =>
    `↩ Laporan untuk arahan <b>${number}</b> <b>dikembalikan</b> oleh pemberi arahan.\nAlasan: ${reason}\nMohon dilengkapi dan dikirim kembali.`,
  /** A second press on a report copy already reviewed (issue #15): `what` is a `decisionWord`. */
  reviewDecidedBy: (what: string, who: string, when: string) => `Laporan ini sudah diputuskan sebelumnya: ${what} oleh ${who} pada ${when}. Tidak ada yang diubah.`,
  reviewRefused: {
    already_decided: 'Laporan ini sudah diputuskan sebelumnya; tidak ada yang diubah.',
    not_awaiting: 'Laporan ini tidak sedang menunggu pemeriksaan.',
    instruction_closed: 'Arahan ini sudah dibatalkan.',
    not_reviewer: 'Mohon maaf, hanya pemberi arahan atau sekretariat yang dapat memeriksa laporan ini.',
    unknown: 'Laporan tidak ditemukan.',
  } as Record<string, string>,
  allDone: (number: string) => `🎉 Seluruh OPD telah menyelesaikan arahan <b>${number}</b>. Arahan ditutup.`,
  reportsHeader: (number: string, n: number) => `<b>Laporan ${number}</b> (${n}):`,
  reportsNone: (number: string) => `Belum ada laporan untuk arahan <b>${number}</b>.`,
  reportsOpd: (code: string, name: string) => `\n<b>${code}</b> — ${name}`,
  reportsLine: (at: string, kind: string, who: string, review: string, text: string, files: number) =>
    `• ${at} — ${kind} oleh ${who}${review}${files ? `, ${files} lampiran` : ''}\n  ${text}`,
  reviewStateName: { pending: ' (menunggu pemeriksaan)', accepted: ' (diterima)', returned: ' (dikembalikan)', none: '' } as Record<string, string>,
  btnFiles: (code: string, i: number) => `📎 Lampiran ${code} #${i}`,
  filesNone: 'Laporan ini tidak memiliki lampiran.',

  // --- extension requests
  extUsage: 'Format: <code>/minta_perpanjangan NOMOR BATAS_BARU ALASAN</code>\nContoh: <code>/minta_perpanjangan ARH-2026-0042 Jumat 16.00 menunggu data dari kecamatan</code>',
  extReasonMissing: 'Alasan perpanjangan belum diisi. Mohon tuliskan alasannya setelah tanggal.',
  extNotMember: 'Mohon maaf, hanya kepala atau staf OPD penerima arahan yang dapat meminta perpanjangan.',
  extNotLater: (due: string) => `Batas waktu baru harus setelah batas waktu saat ini (${due}) dan di masa yang akan datang.`,
  extPending: 'Masih ada permintaan perpanjangan yang menunggu keputusan untuk arahan ini.',
  extAskDate: (number: string, due: string) =>
    `⏳ Permintaan perpanjangan <b>${number}</b>. Batas saat ini: ${due}.\nMohon tuliskan <b>batas waktu baru</b>. Contoh: Jumat 16.00, 28/11 17.00.`,
  // --- a typed date on a day off (issue #15): said, and the next working day offered
  /** `holiday` is null on an ordinary day off, '' for a holiday without a name. */
  offDayNote: (weekday: string, holiday: string | null, next: string) =>
    `⚠️ Tanggal tersebut jatuh pada ${holiday === null ? `hari ${weekday}` : `hari libur nasional${holiday ? `: ${holiday}` : ''} (${weekday})`}, bukan hari kerja. Hari kerja berikutnya pada jam yang sama: <b>${next}</b>.`,
  shiftTo: (next: string) => `Geser ke ${next}`,
  extShifted: (due: string) => `Tanggal yang diminta digeser ke <b>${due}</b>. Mohon tuliskan <b>alasan</b> perpanjangan.`,
  extShiftGone: 'Permintaan perpanjangan ini sudah dikirim atau dibatalkan, sehingga tanggalnya tidak dapat digeser lagi.',
  /** Under the answer to /minta_perpanjangan when the date falls on a day off: the request is pending and can still move. */
  extSentOffDayShift:
    'Permintaan dikirim dengan tanggal tersebut. Tekan <b>Geser</b> untuk memindahkannya ke hari kerja berikutnya selama belum diputuskan, atau biarkan bila memang dimaksudkan.',
  extRequestShifted: (number: string, due: string) =>
    `Tanggal yang diminta untuk arahan <b>${number}</b> digeser ke <b>${due}</b>. Pemberi arahan dan sekretariat melihat tanggal yang baru.`,
  /** `what` is a `decisionWord`. */
  extRequestShiftDecided: (what: string, who: string, when: string) => `Permintaan ini sudah diputuskan (${what} oleh ${who} pada ${when}), sehingga tanggalnya tidak digeser.`,
  extRequestShiftNone: 'Tanggal yang diminta sudah pada hari kerja; tidak ada yang digeser.',
  extendShiftGone: 'Batas waktu arahan ini sudah berubah sejak pesan tersebut, sehingga tidak digeser.',
  extAskReason: 'Mohon tuliskan <b>alasan</b> perpanjangan.',
  extSent: (number: string, due: string) => `Permintaan perpanjangan arahan <b>${number}</b> sampai <b>${due}</b> telah dikirim kepada pemberi arahan.`,
  extRequest: (number: string, opd: string, who: string, from: string, to: string, reason: string) =>
    `⏳ <b>Permintaan perpanjangan</b> arahan <b>${number}</b>\nDari: ${opd} (${who})\nBatas saat ini: ${from}\nDiminta: <b>${to}</b>\nAlasan: ${reason}`,
  btnApprove: 'Setujui',
  btnRefuse: 'Tolak',
  extApproved: (number: string, opd: string, due: string) => `Perpanjangan ${opd} untuk arahan <b>${number}</b> disetujui sampai <b>${due}</b>.`,
  extRefusedMsg: (number: string, opd: string) => `Permintaan perpanjangan ${opd} untuk arahan <b>${number}</b> ditolak.`,
  extApprovedGroup: (number: string, due: string) => `📅 Permintaan perpanjangan arahan <b>${number}</b> <b>disetujui</b>. Batas waktu tindak lanjut kini <b>${due}</b>.`,
  extRefusedGroup: (number: string, due: string) => `Permintaan perpanjangan arahan <b>${number}</b> <b>tidak disetujui</b>. Batas waktu tetap <b>${due}</b>.`,
  extSuperseded: (due: string) => `Batas waktu OPD ini sudah diubah menjadi ${due}, tidak lebih awal dari yang diminta. Menyetujui akan memajukannya; tidak ada yang diubah.`,
  extDecided: 'Permintaan ini sudah diputuskan sebelumnya; tidak ada yang diubah.',
  /** A second press on a copy already decided (issue #15): `what` is a `decisionWord`. */
  extDecidedBy: (what: string, who: string, when: string) => `Permintaan ini sudah diputuskan sebelumnya: ${what} oleh ${who} pada ${when}. Tidak ada yang diubah.`,
  // --- obstacles (kendala)
  btnObstacle: '⚠️ Kendala',
  obsStart: (number: string, opd: string) =>
    `⚠️ <b>Kendala arahan ${number}</b> — ${opd}.\nMohon uraikan kendala yang Bapak/Ibu hadapi (teks) dan lampirkan foto/dokumen pendukung bila ada, dalam satu atau beberapa pesan. Setelah lengkap, tekan <b>Kirim kendala</b>.`,
  obsCollected: (number: string, hasText: boolean, files: number) =>
    `Diterima untuk kendala <b>${number}</b>: ${hasText ? 'uraian teks' : 'belum ada uraian teks'}${files ? `, ${files} lampiran` : ''}.\nKirim lagi bila perlu, lalu tekan <b>Kirim kendala</b>.`,
  btnSendObstacle: 'Kirim kendala',
  btnCancelObstacle: 'Batal',
  obsEmpty: 'Uraian kendala belum diisi. Mohon tuliskan kendala yang dihadapi; tidak ada yang dicatat.',
  obsTooLong: (max: number) => `Uraian kendala terlalu panjang (batas ${max} karakter). Mohon diringkas; tidak ada yang dicatat.`,
  obsNone: 'Tidak ada kendala yang sedang disusun. Mohon tekan ⚠️ <b>Kendala</b> pada pesan arahan di grup OPD, atau kirim <code>/kendala NOMOR uraian kendala</code>.',
  obsCancelled: 'Penyampaian kendala dibatalkan. Tidak ada yang dikirim.',
  obsUsage:
    'Format: <code>/kendala NOMOR uraian kendala</code>, atau balas pesan arahan di grup dengan <code>/kendala uraian kendala</code>.\nContoh: <code>/kendala ARH-2026-0042 anggaran belum dapat dicairkan</code>',
  obsNotMember: 'Mohon maaf, hanya kepala atau staf OPD penerima arahan yang dapat menyampaikan kendala atas arahan ini.',
  obsSent: (number: string) =>
    `Terima kasih. Kendala atas arahan <b>${number}</b> telah dicatat dan diteruskan kepada pemberi arahan dan sekretariat. Tanggapannya akan disampaikan di grup OPD.`,
  obsSentGroup: (name: string, number: string) => `⚠️ Kendala dari ${name} atas arahan <b>${number}</b> telah dicatat dan diteruskan kepada pemberi arahan dan sekretariat.`,
  obsForward: (number: string, opd: string, who: string, text: string, files: number) =>
    `⚠️ <b>Kendala</b> — arahan <b>${number}</b>\nDari: ${opd} (${who})\n\n${text}${files ? `\n\nLampiran: ${files} berkas.` : ''}\n\nMohon ditanggapi: <b>Tanggapi</b>, <b>Perpanjang</b> batas waktu OPD ini, atau <b>Selesai ditangani</b>.`,
  obsAttachment: (number: string, opd: string, i: number, n: number) => `Lampiran kendala ${i}/${n} — ${number} ${opd}`,
  btnObsAnswer: '💬 Tanggapi',
  btnObsExtend: (days: number) => `📅 Perpanjang ${days} hari`,
  btnObsHandled: '✔ Selesai ditangani',
  obsAskAnswer: (number: string, opd: string) => `Mohon tuliskan <b>tanggapan</b> atas kendala ${opd} untuk arahan <b>${number}</b>. Tanggapan ini akan diteruskan ke grup OPD.`,
  obsAnswerEmpty: 'Tanggapan belum diisi. Mohon tuliskan tanggapan Bapak/Ibu.',
  obsAnswered: (number: string, opd: string) => `Tanggapan atas kendala ${opd} untuk arahan <b>${number}</b> telah diteruskan ke grup OPD.`,
  obsAnswerGroup: (number: string, who: string, text: string) => `💬 <b>Tanggapan atas kendala</b> arahan <b>${number}</b> dari ${who}:\n\n${text}`,
  obsHandledMsg: (number: string, opd: string) => `Kendala ${opd} untuk arahan <b>${number}</b> ditandai <b>selesai ditangani</b>. Pengingatnya dihentikan.`,
  obsHandledGroup: (number: string, who: string) => `✔ Kendala atas arahan <b>${number}</b> dinyatakan <b>selesai ditangani</b> oleh ${who}.`,
  obsExtendedMsg: (number: string, opd: string, due: string) => `Batas waktu tindak lanjut ${opd} untuk arahan <b>${number}</b> diperpanjang sampai <b>${due}</b>.`,
  obsExtendedGroup: (number: string, due: string) => `📅 Menanggapi kendala, batas waktu tindak lanjut arahan <b>${number}</b> diperpanjang. Batas waktu kini <b>${due}</b>.`,
  // --- an obstacle decision told to the issuer and the other secretariat members (issue #15)
  obsToldAnswered: (number: string, opd: string, who: string, text: string) =>
    `💬 Kendala dari <b>${opd}</b> untuk arahan <b>${number}</b> telah ditanggapi oleh ${who}:\n\n${text}`,
  obsToldHandled: (number: string, opd: string, who: string) => `✔ Kendala dari <b>${opd}</b> untuk arahan <b>${number}</b> telah ditandai selesai ditangani oleh ${who}.`,
  obsToldExtended: (number: string, opd: string, who: string, due: string) =>
    `📅 Menanggapi kendala dari <b>${opd}</b>, batas waktu tindak lanjut arahan <b>${number}</b> telah diperpanjang oleh ${who} menjadi <b>${due}</b>.`,
  obsAlreadyHandled: (who: string, at: string) => `Kendala ini sudah ditandai selesai ditangani oleh ${who} (${at}); tidak ada yang diubah.`,
  obsAlreadyExtended: (who: string, at: string) => `Batas waktu sudah diperpanjang dari kendala ini oleh ${who} (${at}); tidak ada yang diubah.`,
  obsRefused: {
    not_decider: 'Mohon maaf, hanya pemberi arahan atau sekretariat yang dapat menanggapi kendala ini.',
    closed: 'Arahan ini sudah ditutup atau tindak lanjut OPD ini sudah selesai; batas waktu tidak diubah.',
    not_target: 'Mohon maaf, OPD Bapak/Ibu bukan penerima arahan ini; kendala tidak dicatat.',
    unknown: 'Kendala ini tidak ditemukan. Mohon hubungi sekretariat.',
  } as Record<string, string>,
  obsRemindIssuer: (number: string, opd: string, waited: string, text: string) =>
    `⏰ <b>Pengingat</b>: kendala ${opd} atas arahan <b>${number}</b> belum ditanggapi selama ${waited}.\n\n${text}\n\nMohon ditanggapi melalui tombol di bawah ini.`,
  obsEscalate: (number: string, opd: string, issuer: string, waited: string, text: string) =>
    `🔺 <b>Eskalasi kendala</b>: kendala ${opd} atas arahan <b>${number}</b> belum ditanggapi oleh pemberi arahan (${issuer}) selama ${waited}.\n\n${text}\n\nMohon sekretariat menindaklanjuti.`,
  summaryObstacles: (n: number) => `⚠️ ${n} kendala OPD belum selesai ditangani`,
  statusObstaclesHeader: (open: number) => `\n<b>Kendala</b> (${open} belum selesai ditangani):`,
  statusObstacleLine: (code: string, at: string, text: string, state: string) => `• ${code} (dilaporkan ${at}): ${text} — ${state}`,
  obsStateOpen: '⚠️ belum ditanggapi',
  obsStateAnswered: (who: string) => `💬 ditanggapi oleh ${who}, belum selesai ditangani`,
  obsStateHandled: (who: string, at: string) => `✔ selesai ditangani oleh ${who} ${at}`,

  // --- delegation
  delegateUsage:
    'Format: <code>/tugaskan NOMOR</code> lalu pilih staf, atau <code>/tugaskan NOMOR @username</code>, atau <code>/tugaskan NOMOR Nama Staf</code>. Contoh: <code>/tugaskan ARH-2026-0042 Budi</code>',
  delegateChoose: (number: string) => `Mohon pilih staf yang Bapak/Ibu tugaskan untuk menindaklanjuti arahan <b>${number}</b>:`,
  delegateNoStaff: 'Belum ada staf aktif yang terdaftar di OPD Bapak/Ibu. Mohon minta admin mengundang staf terlebih dahulu (/undang).',
  delegateGone: 'Arahan ini sudah ditutup atau dibatalkan; penugasan tidak diperlukan lagi.',
  delegateOnlyHead: 'Mohon maaf, hanya kepala OPD (atau Plt/Plh) yang dapat menugaskan arahan kepada staf.',
  delegateUnknown: (user: string) =>
    `${user ? `Pengguna ${user}` : 'Orang itu'} tidak ditemukan sebagai staf aktif OPD Bapak/Ibu. Pastikan ia sudah terdaftar dengan tautan undangan, atau kirim <code>/tugaskan NOMOR</code> untuk memilih dari daftar.`,
  delegateNotTarget: 'Arahan ini tidak ditujukan kepada OPD Bapak/Ibu.',
  delegated: (number: string, name: string) => `Arahan <b>${number}</b> ditugaskan kepada ${name}. Ia akan menerima pengingat tindak lanjut dan dapat mengirim laporan.`,
  delegatedDm: (number: string, by: string) =>
    `Bapak/Ibu ditugaskan oleh ${by} untuk menindaklanjuti arahan <b>${number}</b>. Mohon kirim laporan melalui tombol 📝 <b>Kirim laporan</b> pada pesan arahan di grup OPD.`,
  stHandledBy: (name: string) => ` — ditangani ${name}`,
  stInProgress: (at: string) => `🔄 dalam proses (laporan terakhir ${at})`,
  stReported: (at: string) => `📝 dilaporkan selesai ${at}, menunggu pemeriksaan`,
  stDone: (at: string) => `✔ selesai ${at}`,
  summaryDone: (done: number, total: number) => `${done}/${total} OPD selesai`,
  summaryOverdue: (n: number) => `⚠️ ${n} OPD melewati batas waktu tindak lanjut`,

  // --- the secretariat's picture
  periodBad: (raw: string, examples: string) => `Periode “${raw}” tidak dikenali. Contoh: ${examples}.`,
  recapTitle: (label: string) => `📊 <b>Rekap arahan</b> — ${label}`,
  recapTotal: 'Seluruh OPD',
  recapLine: (received: number, ackPct: string, pending: number, median: string | null, donePct: string, overdue: number, reminders: number) =>
    `${received} arahan · konfirmasi tepat waktu ${ackPct}${pending ? ` (${pending} masih dalam batas waktu)` : ''}${median === null ? '' : ` · separuh konfirmasi masuk dalam ${median}`} · selesai tepat waktu ${donePct} · saat ini terlambat ${overdue} · pengingat ${reminders}`,
  recapOpd: (i: number, code: string, name: string) => `${i}. <b>${code}</b> — ${name}`,
  recapNoData: 'tidak ada arahan pada periode ini',
  pageInfo: (page: number, pages: number) => `Halaman ${page} dari ${pages}`,
  btnPrev: '‹ Sebelumnya',
  btnNext: 'Berikutnya ›',
  detailTitle: (code: string, name: string, label: string) => `📋 <b>${code}</b> — ${name}\nPeriode: ${label}`,
  detailOpen: (n: number) => `\n<b>Arahan berjalan</b> (${n}):`,
  detailLate: (n: number) => `\n<b>Terlambat</b> (${n}):`,
  detailTrend: '\n<b>Tren</b> (konfirmasi tepat waktu · selesai tepat waktu):',
  detailTrendLine: (label: string, received: number, ack: string, done: string) => `• ${label}: ${received} arahan · ${ack} · ${done}`,
  detailItem: (number: string, state: string, due: string) => `• <b>${number}</b> — ${state}, batas selesai ${due}`,
  detailNone: '• (tidak ada)',
  lateHeader: (n: number) => `<b>Terlambat</b> (${n}): konfirmasi dan tindak lanjut, per OPD, yang terlama lebih dahulu.`,
  lateOpd: (code: string, name: string) => `\n<b>${code}</b> — ${name}`,
  lateAckLine: (number: string, late: string) => `• <b>${number}</b>: belum konfirmasi, terlambat ${late}`,
  lateDueLine: (number: string, late: string) => `• <b>${number}</b>: tindak lanjut lewat batas ${late}`,
  lateMore: (n: number, code: string) => `• … dan ${n} lainnya — <code>/terlambat ${code}</code>`,
  lateNone: 'Tidak ada konfirmasi maupun tindak lanjut yang terlambat.',
  searchUsage: 'Format: <code>/cari KATA</code> atau <code>/cari NOMOR</code>. Contoh: <code>/cari banjir</code>',
  searchNone: (q: string) => `Tidak ditemukan arahan untuk “${q}”.`,
  searchHeader: (q: string) => `🔎 Hasil pencarian “${q}”:`,
  searchLine: (number: string, date: string, state: string, text: string) => `• <b>${number}</b> (${date}, ${state})\n  ${text}`,
  exportSent: (label: string) => `Ekspor arahan periode ${label}: berkas XLSX (6 lembar) dan CSV penugasan (pemisah titik koma, UTF-8).`,
  exportQueued: (label: string) => `⏳ Baik, berkas ekspor arahan periode ${label} (XLSX dan CSV) sedang disiapkan dan akan dikirim ke obrolan ini sesaat lagi. Mohon ditunggu.`,
  exportPending: (label: string) => `⏳ Ekspor arahan periode ${label} masih disiapkan. Berkasnya akan dikirim ke obrolan ini begitu siap; Bapak/Ibu tidak perlu memintanya lagi.`,
  exportFailed: (label: string) => `⚠️ Mohon maaf, ekspor arahan periode ${label} gagal disiapkan atau dikirim. Silakan coba lagi dengan /ekspor beberapa saat lagi.`,
  exportTooBig: (file: string, label: string, rows: string, limitMb: number, example: string) =>
    `⚠️ Mohon maaf, berkas <b>${file}</b> (periode ${label}) tidak dapat dikirim karena ukurannya melebihi batas Telegram ${limitMb} MB untuk bot (${rows}). Mohon ekspor periode yang lebih pendek, misalnya <code>/ekspor ${example}</code>.`,
  exportRowsCsv: (n: number) => `${n.toLocaleString('id-ID')} baris penugasan`,
  exportRowsApel: (n: number) => `${n.toLocaleString('id-ID')} baris apel`,
  exportRowsXlsx: (total: number, instructions: number, assignments: number, reports: number, events: number) =>
    `${total.toLocaleString('id-ID')} baris: ${instructions.toLocaleString('id-ID')} arahan, ${assignments.toLocaleString('id-ID')} penugasan, ${reports.toLocaleString('id-ID')} laporan, ${events.toLocaleString('id-ID')} kejadian`,
  /** The words inside the exported files (src/features/export/export-files.ts): sheet names, column headers, coded values; `zone` is WIB/WITA/WIT. */
  exportFile: {
    title: (period: string) => `Rekap Arahan — ${period}`,
    sheet: { arahan: 'Arahan', penugasan: 'Penugasan', laporan: 'Laporan', kendala: 'Kendala', kejadian: 'Kejadian', apel: 'Apel' },
    yes: 'Ya',
    no: 'Tidak',
    none: '-',
    /** A time cell, "02/11/2026 09.05" (parts already zero-padded; called once per cell, so kept to one template). */
    time: (day: string, month: string, year: number, hour: string, minute: string) => `${day}/${month}/${year} ${hour}.${minute}`,
    priority: { biasa: 'Biasa', penting: 'Penting', segera: 'Segera' } as Record<string, string>,
    instructionState: { open: 'Berjalan', closed: 'Ditutup', cancelled: 'Dibatalkan' } as Record<string, string>,
    assignmentState: {
      pending: 'Belum terkirim',
      delivered: 'Terkirim, belum konfirmasi',
      acknowledged: 'Diterima',
      in_progress: 'Dalam proses',
      reported: 'Dilaporkan selesai, menunggu pemeriksaan',
      done: 'Selesai',
      cancelled: 'Dibatalkan',
    } as Record<string, string>,
    deliveryState: { queued: 'Antre pengiriman', sending: 'Sedang dikirim', sent: 'Terkirim', failed: 'Gagal terkirim', no_chat: 'Grup belum terhubung' } as Record<string, string>,
    reportKind: { progress: 'Perkembangan', done: 'Selesai' } as Record<string, string>,
    /** `none` is the "-" of a report that needs no review. */
    reviewState: { none: '-', pending: 'Menunggu pemeriksaan', accepted: 'Diterima', returned: 'Dikembalikan' } as Record<string, string>,
    obstacleState: { handled: 'selesai ditangani', responded: 'terbuka, ditanggapi', open: 'terbuka, belum ditanggapi' },
    apelRow: { opd: 'OPD', person: 'Orang' },
    col: {
      number: 'Nomor',
      text: 'Isi',
      issuer: 'Pemberi',
      targets: 'Tujuan',
      priority: 'Sifat',
      status: 'Status',
      created: (zone: string) => `Dibuat (${zone})`,
      ackDeadline: (zone: string) => `Batas konfirmasi (${zone})`,
      dueAt: (zone: string) => `Batas selesai (${zone})`,
      opdCode: 'Kode OPD',
      opdName: 'Nama OPD',
      delivered: (zone: string) => `Terkirim (${zone})`,
      acked: (zone: string) => `Dikonfirmasi (${zone})`,
      ackedBy: 'Oleh',
      ackOnTime: 'Konfirmasi tepat waktu',
      done: (zone: string) => `Selesai (${zone})`,
      doneOnTime: 'Selesai tepat waktu',
      lateNow: 'Terlambat sekarang',
      reminders: 'Jumlah pengingat',
      opd: 'OPD',
      reporter: 'Pelapor',
      kind: 'Jenis',
      description: 'Uraian',
      attachments: 'Jumlah lampiran',
      reviewState: 'Status pemeriksaan',
      at: (zone: string) => `Waktu (${zone})`,
      obstacle: 'Uraian kendala',
      response: 'Tanggapan',
      respondedBy: 'Ditanggapi oleh',
      responded: (zone: string) => `Ditanggapi (${zone})`,
      extended: (zone: string) => `Diperpanjang (${zone})`,
      handledBy: 'Ditangani oleh',
      handled: (zone: string) => `Selesai ditangani (${zone})`,
      actor: 'Pelaku (ID Telegram)',
      data: 'Data',
      row: 'Baris',
      name: 'Nama',
      role: 'Peran',
      rollcalls: 'Jumlah apel',
      called: 'Dipanggil',
      answered: 'Menjawab',
      onTime: 'Tepat waktu',
      reach: 'Keterjangkauan',
      median: 'Median waktu menjawab',
    },
  },
  chartCaption: (label: string) => `Grafik rekap arahan — ${label}`,
  /** The words on the recap chart's picture (src/features/recap/chart.ts); shares come as "57%". */
  chart: {
    title: (period: string) => `Rekap Arahan — ${period}`,
    totals: (received: number, ackShare: string, doneShare: string, overdue: number) =>
      `${received} penugasan · konfirmasi tepat waktu ${ackShare} · selesai tepat waktu ${doneShare} · ${overdue} lewat batas`,
    shownSome: (shown: number, active: number) => `${shown} dari ${active} OPD yang paling perlu perhatian, terburuk di atas; (n) = jumlah penugasan.`,
    shownAll: (active: number) => `${active} OPD, terburuk di atas; (n) = jumlah penugasan.`,
    idle: (idle: number) => `${idle} OPD tanpa arahan tidak ditampilkan.`,
    ackPanel: 'Konfirmasi penerimaan',
    fuPanel: 'Tindak lanjut',
    ackOnTime: 'Tepat waktu',
    ackLate: 'Terlambat',
    ackNone: 'Belum',
    ackPending: 'Masih dalam batas waktu',
    doneOnTime: 'Selesai tepat waktu',
    doneLate: 'Selesai terlambat',
    overdue: 'Lewat batas',
    inProgress: 'Dalam proses',
    empty: 'Belum ada arahan pada periode ini.',
  },
  digestTitle: (label: string) => `🗓 <b>Ringkasan mingguan arahan</b> — ${label}`,
  digestTop: '\n<b>OPD yang paling perlu perhatian</b>:',
  digestOldest: '\n<b>Arahan terbuka terlama</b>:',
  digestOldestLine: (number: string, since: string, text: string) => `• <b>${number}</b> sejak ${since}: ${text}`,

  // --- authenticity: /cek NOMOR KODE, or a forwarded/pasted instruction message
  cekUsage:
    'Untuk memeriksa keaslian arahan, mohon kirim <code>/cek NOMOR KODE</code>, misalnya <code>/cek ARH-2026-0001 K7QM-4XPA</code>. Nomor dan kode verifikasi tertera di bagian bawah setiap pesan arahan. Bapak/Ibu juga dapat meneruskan (forward) pesan arahan tersebut ke chat ini.',
  cekBadNumber: (raw: string) => `Nomor arahan “${raw}” tidak dikenali. Nomor arahan berbentuk <code>ARH-2026-0001</code>. Contoh: <code>/cek ARH-2026-0001 K7QM-4XPA</code>.`,
  cekBadCode: (raw: string) =>
    `Kode verifikasi “${raw}” tidak dikenali. Kode terdiri atas 8 huruf dan angka, misalnya <code>K7QM-4XPA</code>. Contoh: <code>/cek ARH-2026-0001 K7QM-4XPA</code>.`,
  cekGenuine: (number: string) => `✅ <b>SAH</b>. Arahan <b>${number}</b> benar dikirim melalui Arahan dan kode verifikasinya cocok.`,
  cekFrom: (leader: string) => `Dari: ${leader}`,
  cekOnBehalf: (sender: string, leader: string) => `Disampaikan oleh ${sender} atas nama ${leader}`,
  cekIssuedAt: (at: string) => `Waktu: ${at}`,
  cekTargets: (label: string, n: number, codes: string) => `Kepada: ${label} (${n} OPD): ${codes}`,
  cekState: (state: string) => `Status: ${state}`,
  cekText: (text: string) => `Isi: ${text}`,
  cekCompare: 'Mohon cocokkan isi pesan yang Bapak/Ibu terima dengan isi di atas.',
  cekNotGenuine: (number: string) =>
    `❌ <b>TIDAK SAH</b>. Kode verifikasi tersebut tidak cocok dengan arahan <b>${number}</b>: pesan itu bukan arahan resmi. Mohon abaikan pesan tersebut dan laporkan kepada sekretariat.`,
  cekUnknown: (number: string) =>
    `❌ <b>TIDAK SAH</b>. Tidak ada arahan bernomor <b>${number}</b>: pesan itu bukan arahan resmi. Mohon abaikan pesan tersebut dan laporkan kepada sekretariat.`,
  cekForwardNoCode:
    'Pesan yang diteruskan ini berasal dari Arahan, tetapi tidak memuat nomor dan kode verifikasi arahan. Untuk memeriksa keaslian arahan, mohon kirim <code>/cek NOMOR KODE</code> atau teruskan pesan arahannya.',
  // --- decisions taken by someone other than the issuer (told to the issuer), and the
  // decision's other copies (the buttons replaced by who decided what and when)
  issuerToldClosed: (number: string, who: string) => `Arahan <b>${number}</b> yang Bapak/Ibu terbitkan telah ditutup oleh ${who}. Pengingat untuk arahan ini dihentikan.`,
  issuerToldCancelled: (number: string, who: string) => `Arahan <b>${number}</b> yang Bapak/Ibu terbitkan telah dibatalkan oleh ${who}. Grup OPD penerima telah diberi tahu.`,
  issuerToldExtended: (number: string, who: string, due: string) =>
    `Batas waktu tindak lanjut arahan <b>${number}</b> yang Bapak/Ibu terbitkan telah diperpanjang oleh ${who} menjadi ${due}.`,
  issuerToldExtDecided: (approved: boolean, number: string, opd: string, who: string, due: string) =>
    approved
      ? `Permintaan perpanjangan dari <b>${opd}</b> untuk arahan <b>${number}</b> telah disetujui oleh ${who}. Batas waktu tindak lanjut yang baru: ${due}.`
      : `Permintaan perpanjangan dari <b>${opd}</b> untuk arahan <b>${number}</b> telah ditolak oleh ${who}. Batas waktu tindak lanjut tetap: ${due}.`,
  issuerToldReview: (accepted: boolean, number: string, opd: string, who: string, reason: string) =>
    accepted
      ? `Laporan selesai dari <b>${opd}</b> untuk arahan <b>${number}</b> telah diterima oleh ${who}.`
      : `Laporan selesai dari <b>${opd}</b> untuk arahan <b>${number}</b> telah dikembalikan oleh ${who} dengan alasan:\n${reason}`,
  decidedBy: (what: string, who: string, when: string) => `<b>${what}</b> oleh ${who} pada ${when}.`,
  decisionWord: { ext_ok: '✅ Disetujui', ext_no: '❌ Ditolak', rv_ok: '✔ Diterima', rv_ret: '↩ Dikembalikan', obs_done: '✔ Selesai ditangani' },
  // --- decisions taken by the issuer, told to the secretariat; a close told to the OPD groups (issue #15)
  decisionToldClosed: (number: string, who: string) => `Arahan <b>${number}</b> telah ditutup oleh ${who}. Pengingat untuk arahan ini dihentikan.`,
  decisionToldCancelled: (number: string, who: string) => `Arahan <b>${number}</b> telah dibatalkan oleh ${who}. Grup OPD penerima telah diberi tahu.`,
  decisionToldExtended: (number: string, who: string, due: string) => `Batas waktu tindak lanjut arahan <b>${number}</b> telah diperpanjang oleh ${who} menjadi ${due}.`,
  closedGroup: (number: string) => `🔒 Arahan <b>${number}</b> telah <b>ditutup</b>. Pengingat untuk arahan ini dihentikan.`,
  // --- who has not acknowledged / not finished, from the summary and /status (issue #15)
  btnPendingList: '📋 Siapa yang belum?',
  pendingListHeader: (number: string) => `📋 <b>${number}</b>: OPD yang belum konfirmasi atau belum selesai`,
  pendingNotAcked: (n: number) => `<b>Belum konfirmasi</b> (${n} OPD):`,
  pendingNotDone: (n: number) => `<b>Sudah konfirmasi, belum selesai</b> (${n} OPD):`,
  pendingLine: (opd: string, heads: string | null) => `• ${opd}\n   Kepala: ${heads ?? '<i>belum ada kepala aktif</i>'}`,
  pendingNone: (number: string) => `Seluruh OPD penerima arahan <b>${number}</b> sudah konfirmasi dan selesai.`,
  pendingNotDecider: 'Daftar ini hanya untuk pemberi arahan dan sekretariat.',
  // --- /pengguna: registered people with their ids (issue #15)
  peopleHeader: (n: number, query: string | null) => (query === null ? `👥 <b>Pengguna terdaftar</b> (${n}):` : `👥 <b>Pengguna</b> yang cocok dengan “${query}” (${n}):`),
  peopleNone: (query: string | null) => (query === null ? 'Belum ada pengguna terdaftar.' : `Tidak ada pengguna yang cocok dengan “${query}”.`),
  peopleFooter: 'Cari: <code>/pengguna cari TEKS</code> (nama, @username atau kode OPD). Ubah peran: <code>/peran ID_TELEGRAM PERAN</code>.',

  // --- help
  // Plain text (no parse_mode): the labels are the buttons' own (btnAck, btnReport, btnExtend).
  groupHelpButtons: (ack: string, report: string, extend: string) =>
    `Tombol pada setiap pesan arahan di grup ini (untuk kepala dan staf OPD):\n${ack} — konfirmasi bahwa arahan telah diterima OPD; cukup satu kali untuk satu OPD.\n${report} — kirim laporan tindak lanjut (progres atau selesai) beserta buktinya, melalui chat pribadi dengan bot.\n${extend} — minta tambahan waktu tindak lanjut kepada pemberi arahan, disertai alasan.\n\nPerintah di grup:`,
  helpHeader: (role: string) => `<b>Arahan</b> — perintah untuk ${role}:`,
  helpUnregistered: 'Bapak/Ibu belum terdaftar. Mohon buka tautan undangan dari admin.\n/start — mulai\n/bantuan — bantuan',
  // Plain text (no parse_mode): `typed` is what the person typed.
  unknownCommand: (typed: string, suggestion: string | null) =>
    suggestion
      ? `Mohon maaf, perintah /${typed} tidak dikenal. Maksud Bapak/Ibu /${suggestion}?\nKetik /bantuan untuk melihat perintah yang tersedia.`
      : `Mohon maaf, perintah /${typed} tidak dikenal. Ketik /bantuan untuk melihat perintah yang tersedia.`,
  freeTextHelp: (canIssue: boolean) =>
    `Mohon maaf, pesan Bapak/Ibu tidak dapat kami tanggapi: Arahan bekerja dengan perintah yang diawali garis miring (/).${canIssue ? '\nUntuk mengirim arahan baru, ketik /arahan.' : ''}\nKetik /bantuan untuk melihat perintah yang tersedia.`,
  // Roll-call (apel "HP aktif 24 jam", src/features/rollcall).
  apel: {
    usage:
      'Format: <code>/apel KODE [batas]</code>, <code>/apel klaster NAMA [batas]</code> atau <code>/apel semua [batas]</code>; tambahkan <code>darurat</code> untuk apel di jam senyap.\nContoh: <code>/apel semua 30 menit</code>, <code>/apel DINKES BPBD 1 jam darurat</code>.\nRiwayat apel: <code>/apel riwayat</code>.',
    badTarget: (raw: string) => `Sasaran apel “${raw}” tidak dikenali. Gunakan kode OPD (mis. <code>DINKES</code>), <code>klaster NAMA</code> atau <code>semua</code>.`,
    badDeadline: (raw: string) => `Batas waktu “${raw}” tidak dapat dibaca. Contoh: <code>30 menit</code>, <code>1 jam</code>, <code>21.00</code>. Apel belum dimulai.`,
    deadlineRange: (raw: string) => `Batas waktu “${raw}” harus di masa depan dan paling lama 24 jam dari sekarang. Apel belum dimulai.`,
    unknownCodes: (codes: string) => `OPD dengan kode <b>${codes}</b> tidak ditemukan. Ketik /opd untuk melihat daftar kode. Apel belum dimulai.`,
    unknownCluster: (name: string, known: string) => `Klaster <b>${name}</b> tidak ditemukan. Klaster yang ada: ${known}. Apel belum dimulai.`,
    noOpds: 'Belum ada OPD yang terdaftar. Apel belum dimulai.',
    nobody: (scope: string) => `Tidak ada kepala OPD, Plt/Plh, atau petugas piket aktif yang terdaftar untuk ${scope}. Apel belum dimulai.`,
    quiet: (range: string) =>
      `Saat ini jam senyap (${range}). Apel di jam senyap hanya untuk keadaan darurat: mohon tambahkan kata <code>darurat</code>, mis. <code>/apel semua 30 menit darurat</code>.`,
    call: (deadline: string, by: string, emergency: boolean) =>
      `📣 <b>${emergency ? 'APEL DARURAT' : 'Apel'} — HP aktif 24 jam</b>\nDari: ${by}\n\nMohon Bapak/Ibu menekan tombol <b>Hadir / HP aktif</b> di bawah sebelum <b>${deadline}</b>.`,
    button: '✅ Hadir / HP aktif',
    scheduledBy: 'Jadwal apel mendadak',
    tallyTitle: (scope: string, emergency: boolean) => `📋 <b>${emergency ? 'Apel darurat' : 'Apel'} HP aktif</b> — ${scope}`,
    tallyTimes: (start: string, deadline: string) => `Dimulai: ${start}\nBatas: <b>${deadline}</b>`,
    tallyCount: (answered: number, called: number, late: number) => `Hadir: <b>${answered}</b> dari ${called}${late ? ` (${late} terlambat)` : ''}`,
    tallyOpd: (code: string, answered: number, called: number) => `• ${code}: ${answered}/${called}`,
    tallyRunning: 'Pesan ini diperbarui otomatis.',
    tallyPassed: '⏰ Batas waktu telah lewat.',
    tallyClosed: '🔒 Apel ditutup.',
    tallyAllIn: '✅ Semua telah menjawab.',
    missingTitle: 'Belum menjawab, per OPD:',
    missingOpd: (opd: string, names: string) => `${opd}\n   ${names}`,
    headNotice: (scope: string, deadline: string, names: string) =>
      `⚠️ <b>Apel HP aktif</b> (${scope}): batas waktu ${deadline} telah lewat. Anggota OPD Bapak/Ibu berikut belum menjawab:\n${names}\nMohon dipastikan HP yang bersangkutan aktif.`,
    secretariatNotice: (scope: string, deadline: string, list: string) =>
      `⚠️ <b>Eskalasi apel HP aktif</b> (${scope}, batas ${deadline}). Yang belum menjawab:\n${list}\nMohon ditindaklanjuti.`,
    callerDeadline: (scope: string, deadline: string, list: string) => `📋 <b>Apel HP aktif</b> (${scope}): batas waktu ${deadline} telah lewat. Yang belum menjawab:\n${list}`,
    callerAllIn: (scope: string) => `✅ <b>Apel HP aktif</b> (${scope}): semua telah menjawab.`,
    callerFinal: (scope: string, list: string) => `🔒 <b>Apel HP aktif ditutup</b> (${scope}). Yang tidak menjawab sampai akhir:\n${list}`,
    thanks: (at: string) => `Terima kasih, kehadiran Bapak/Ibu tercatat pukul ${at}.`,
    thanksLate: (at: string) => `Terima kasih, kehadiran Bapak/Ibu tercatat pukul ${at} (melewati batas waktu).`,
    already: (at: string) => `Kehadiran Bapak/Ibu sudah tercatat pukul ${at}.`,
    notCalled: 'Mohon maaf, Bapak/Ibu tidak termasuk dalam apel ini.',
    closed: 'Mohon maaf, apel ini sudah ditutup.',
    unknown: 'Mohon maaf, apel ini tidak ditemukan.',
    historyTitle: '📋 <b>Riwayat apel HP aktif</b>',
    historyNone: 'Belum ada apel.',
    historyLine: (when: string, scope: string, answered: number, called: number, onTime: number, state: string) =>
      `• ${when} — ${scope}: ${answered}/${called} hadir (${onTime} tepat waktu), ${state}`,
    stateOpen: 'berjalan',
    stateClosed: 'selesai',
    scheduledTag: ' (terjadwal)',
    emergencyTag: ' (darurat)',
    recapTitle: '<b>Apel HP aktif</b> (yang menjawab tepat waktu, dan seberapa cepat):',
    recapLine: (code: string, answered: number, called: number, pct: string, median: string | null) =>
      `• ${code}: ${answered}/${called} tepat waktu (${pct})${median === null ? '' : `, separuh jawaban masuk dalam ${median}`}`,
    recapOpdLine: (answered: number, called: number, pct: string, median: string | null) =>
      `Apel HP aktif: ${answered}/${called} tepat waktu (${pct})${median === null ? '' : `, separuh jawaban masuk dalam ${median}`}`,
    piketUsage: 'Format: <code>/piket ID on</code> atau <code>/piket ID off</code> (ID Telegram anggota OPD). <code>/piket</code> saja menampilkan petugas piket.',
    piketSet: (name: string, code: string) => `${name} (${code}) ditandai sebagai petugas piket dan akan ikut dipanggil dalam apel HP aktif.`,
    piketOff: (name: string) => `${name} tidak lagi ditandai sebagai petugas piket.`,
    piketNotMember: (name: string) => `Mohon maaf, ${name} bukan anggota OPD. Petugas piket harus kepala atau staf OPD.`,
    piketTitle: '<b>Petugas piket</b> (dipanggil dalam apel bersama kepala OPD dan Plt/Plh):',
    piketLine: (code: string, name: string, id: number) => `• ${code}: ${name} (${id})`,
    piketNone: 'Belum ada petugas piket. Kepala OPD dan Plt/Plh selalu dipanggil dalam apel.',
  },
  // --- the leaders' dashboard (Telegram Mini App, /dasbor; src/features/dashboard)
  dasbor: {
    button: '📊 Dasbor',
    menuButton: 'Dasbor',
    intro: 'Dasbor pimpinan: arahan yang masih terbuka per OPD, kartu kinerja setiap OPD dan riwayat setiap arahan. Mohon buka melalui tombol di bawah ini.',
    notConfigured:
      'Mohon maaf, dasbor belum dikonfigurasi: alamat publik Arahan (<code>PUBLIC_URL</code>) belum diisi. Mohon sampaikan kepada admin; hingga itu, gunakan /rekap dan /terlambat.',
    // The page's words (sent as JSON; the page fills {placeholders} and shows plain text, never HTML).
    page: {
      title: 'Dasbor Arahan',
      loading: 'Memuat data…',
      skip: 'Lewati ke matriks',
      filters: 'Saring',
      period: 'Periode',
      // Keyed by /rekap's period words (parsePeriod), which the page sends back.
      periods: {
        '30 hari': '30 hari terakhir',
        'hari ini': 'Hari ini',
        'minggu ini': 'Minggu ini',
        'bulan ini': 'Bulan ini',
        'bulan lalu': 'Bulan lalu',
      } as Record<string, string>,
      cluster: 'Klaster',
      allClusters: 'Semua klaster',
      priority: 'Prioritas',
      allPriorities: 'Semua prioritas',
      priorities: { segera: 'Segera', penting: 'Penting', biasa: 'Biasa' } as Record<string, string>,
      matrixTitle: 'Arahan terbuka per OPD',
      matrixCaption: '{instructions} arahan terbuka × {opds} OPD, {period}',
      matrixMore: 'Ditampilkan {shown} arahan terbaru dari {total}; persempit periode atau prioritas untuk melihat sisanya.',
      matrixNone: 'Tidak ada arahan terbuka pada periode dan saringan ini.',
      matrixScroll: 'Matriks arahan per OPD (dapat digeser ke samping)',
      opd: 'OPD',
      legend: 'Keterangan warna',
      states: {
        pending: 'Belum terkirim',
        delivered: 'Terkirim, belum konfirmasi',
        acknowledged: 'Dikonfirmasi',
        in_progress: 'Dalam proses',
        reported: 'Dilaporkan, menunggu pemeriksaan',
        done: 'Selesai',
        late_ack: 'Terlambat konfirmasi',
        late_due: 'Terlambat tindak lanjut',
        none: 'Bukan sasaran',
      } as Record<string, string>,
      cellLabel: '{opd}, arahan {number}: {state}',
      openTimeline: 'Riwayat arahan {number}',
      scoreTitle: 'Kartu kinerja OPD',
      scoreCaption: 'Angka yang sama dengan /rekap untuk {period}',
      received: 'Arahan diterima',
      ackOnTime: 'Konfirmasi tepat waktu',
      ackPending: 'Masih dalam batas konfirmasi',
      medianAck: 'Separuh konfirmasi masuk dalam',
      doneOnTime: 'Selesai tepat waktu',
      overdueNow: 'Saat ini terlambat',
      openItems: 'Masih terbuka',
      lateItems: 'Terlambat (kedua batas)',
      total: 'Seluruh OPD',
      timelineTitle: 'Riwayat arahan {number}',
      issuedBy: 'Pemberi arahan: {name}',
      ackDeadline: 'Batas konfirmasi: {at}',
      dueAt: 'Batas tindak lanjut: {at}',
      noEvents: 'Belum ada kejadian yang tercatat.',
      close: 'Tutup riwayat',
      events: {
        instruction_issued: 'Arahan dikirim',
        issued_on_behalf: 'Dikirim atas nama pimpinan',
        delivered: 'Terkirim ke grup OPD',
        delivery_failed: 'Gagal terkirim',
        delivery_retried: 'Pengiriman diulang',
        acknowledged: 'Dikonfirmasi',
        delegated: 'Ditugaskan kepada staf',
        report: 'Laporan dikirim',
        report_accepted: 'Laporan diterima',
        return_reason: 'Laporan dikembalikan',
        extension_requested: 'Perpanjangan diminta',
        extension_decided: 'Permintaan perpanjangan diputuskan',
        instruction_extended: 'Batas waktu diperpanjang',
        obstacle_reported: 'Kendala disampaikan',
        obstacle_answer: 'Kendala dijawab',
        obstacle_handled: 'Kendala ditangani',
        obstacle_extended: 'Diperpanjang karena kendala',
        instruction_completed: 'Semua OPD selesai',
        instruction_closed: 'Arahan ditutup',
        instruction_cancelled: 'Arahan dibatalkan',
        opd_unreachable: 'Grup OPD tidak dapat dijangkau',
        notification_failed: 'Pemberitahuan gagal terkirim',
      } as Record<string, string>,
      authFailed: 'Dasbor hanya dapat dibuka dari Telegram. Mohon tutup halaman ini dan buka kembali melalui tombol 📊 Dasbor.',
      forbidden: 'Mohon maaf, dasbor hanya untuk pimpinan, sekretariat dan admin yang terdaftar dan aktif.',
      failed: 'Data tidak dapat dimuat. Mohon coba lagi.',
      retry: 'Coba lagi',
      updatedAt: 'Diperbarui {at}',
    },
  },
  commands: {
    apel: 'apel HP aktif (panggil kepala OPD dan piket)',
    piket: 'tandai petugas piket untuk apel',
    start: 'mulai / daftar dengan tautan undangan',
    bantuan: 'daftar perintah',
    cek: 'periksa keaslian arahan (nomor dan kode verifikasi)',
    arahan: 'kirim arahan baru',
    batal_draf: 'batalkan draf arahan',
    belum: 'OPD yang belum konfirmasi',
    status: 'status satu arahan per OPD',
    terlambat: 'konfirmasi dan tindak lanjut yang terlambat',
    rekap: 'rekap per OPD untuk satu periode',
    dasbor: 'dasbor pimpinan (Mini App)',
    cari: 'cari arahan',
    ekspor: 'ekspor XLSX dan CSV',
    grafik: 'grafik rekap (PNG)',
    opd: 'daftar OPD dan grupnya',
    daftar: 'hubungkan grup ini dengan OPD',
    undang: 'buat tautan undangan',
    peran: 'atur peran pengguna',
    bahasa: 'ganti bahasa (id/en)',
    tutup: 'tutup arahan (hentikan pengingat)',
    batal: 'batalkan arahan',
    perpanjang: 'perpanjang batas waktu tindak lanjut',
    pengingat: 'rencana pengingat satu arahan',
    kirim_ulang: 'kirim ulang pengiriman yang gagal',
    senyap: 'jam senyap pengingat',
    plt: 'atur Plt/Plh kepala OPD',
    laporan: 'laporan tindak lanjut satu arahan',
    kendala: 'sampaikan kendala atas satu arahan',
    minta_perpanjangan: 'minta perpanjangan batas waktu',
    tugaskan: 'tugaskan arahan kepada staf',
    undangan: 'tautan undangan yang berlaku (dan mencabutnya)',
    pengguna: 'daftar pengguna, ID Telegram dan perannya',
    nonaktif: 'nonaktifkan pengguna',
    aktifkan: 'aktifkan kembali pengguna',
  } as Record<string, string>,
  languageSet: 'Bahasa diubah ke Bahasa Indonesia.',
  languageUsage: 'Format: <code>/bahasa id</code> atau <code>/bahasa en</code>.',
};

export type Messages = typeof id;
