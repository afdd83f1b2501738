/** The API key of the e2e runs. The suite-wide audit (test/helpers/audit-setup.ts) fails the run if any output holds it. */
export const KEY = 'sk-test-0123456789abcdef-SECRET';
