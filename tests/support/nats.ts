/** The real NATS server the NATS suites run against; unset, those suites are skipped (see global-setup.ts). */
export const NATS_URL = process.env.NATS_URL
