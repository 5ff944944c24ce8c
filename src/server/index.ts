/**
 * The admission gate: `syncgate serve`, a validating admission webhook over HTTPS.
 *
 *   const store = new GateStore({ load: () => loadGate(source), initialWatchPaths, pollMs, logger, metrics });
 *   await store.start();
 *   const running = await startAdmissionServer({ ...DEFAULT_SERVER_OPTIONS, tls: { certFile, keyFile }, store, logger, metrics });
 *   process.on('SIGTERM', () => running.close());
 */
export { startAdmissionServer, DEFAULT_SERVER_OPTIONS, ADMISSION_PATH, type AdmissionServerOptions, type RunningServer } from './server.js';
export { GateStore, loadGate, ADMISSION_EXCLUDED_TAGS, type GateSource, type GateStoreOptions, type LoadedGate } from './gate-store.js';
export { judge, failure, DELETE_RULE_TAG, type Judgement, type JudgeSettings, type Outcome } from './judge.js';
export { parseReview, reviewResponse, ReviewError, REVIEW_VERSIONS, MAX_OBJECT_DEPTH, type AdmissionRequest, type AdmissionResponse, type AdmissionReview } from './review.js';
export { resourceFromAdmission, admissionFileName } from './admission-resource.js';
export { jsonLocator } from './json-locator.js';
export { ServerMetrics } from './metrics.js';
export { createLogger, silentLogger, type Logger, type LogLevel } from './log.js';
export { MAX_WARNING_CHARS, MAX_WARNINGS, MAX_WARNINGS_TOTAL_CHARS } from './messages.js';
