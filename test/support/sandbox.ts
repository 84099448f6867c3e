/**
 * The sandbox (src/sandbox) as the tests drive it: whatever day and hour a test runs, no quiet
 * hours, every day a working day, no holidays and no weekly digest in between.
 */
export const SANDBOX_TEST_ENV = {
  LOG_LEVEL: 'silent',
  QUIET_HOURS: 'off',
  WORKING_DAYS: '0-6',
  HOLIDAYS_FILE: 'test/support/no-holidays.csv',
  DIGEST_CRON: 'off',
};

/** A POST to the sandbox's own HTTP API (what the chat page calls), its status and JSON answer. */
export async function postSandbox(baseUrl: string, path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}${path}`, { method: 'POST', body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}
