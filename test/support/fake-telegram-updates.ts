// The fake Bot API is product code now (the sandbox runs on it): src/simulator/. This re-export keeps
// every test and bench import working unchanged — one simulator, not two.
export * from '../../src/simulator/fake-telegram-updates';
