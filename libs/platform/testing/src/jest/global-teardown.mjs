export default async function globalTeardown() {
  await globalThis.__QUELL_INFRA__?.stop();
}
