export { BARCODE_FIELDS } from './barcode-fields.js';
export type { SandboxServices } from './context.js';
export { type CounterSnapshot, Counters } from './counters.js';
export { SandboxError } from './errors.js';
export { FAULT_KINDS, type FaultConfig, FaultInjector, type FaultKind } from './faults.js';
export { type LocalListener, type LocalListenOptions, listenLocally } from './listen.js';
export { RESPONSE_PAYLOADS, type TransactionResult } from './results.js';
export { parseScenario, SCENARIO_NAMES, type Scenario, type ScenarioName } from './scenarios.js';
export {
  DEFAULT_MAX_RETRIES,
  DEFAULT_SECRET,
  DEFAULT_TOKEN_TTL_SECONDS,
  type RunningSandbox,
  type SandboxOptions,
  startSandbox,
} from './server.js';
export { SandboxState, TOKEN_PREFIX, type TokenKind, type TransactionRecord } from './state.js';
export { createLocalhostCertificate, type SelfSignedCertificate } from './tls.js';
export { signWebhook } from './webhooks.js';
