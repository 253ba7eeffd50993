// Public API of the certificate module (pure: no browser APIs; WebCrypto via globalThis.crypto).
export { KEY_IGNORED_WARNING, MAX_FILE_BYTES, leafOf, parseCertificateFile, parsePem } from './parse.ts';
export { evaluateClientCert, verifyChain, worst } from './evaluate.ts';
export type { CertStatus } from './evaluate.ts';
export { compareAccountToCN } from './account.ts';
export type { AccountMatch, AccountMatchKind } from './account.ts';
export { evaluateServerSecurity } from './server.ts';
export type { SecurityInfoLike, ServerStatus } from './server.ts';
export { classifyFailure } from './failures.ts';
export type { Failure, FailureCode, FailureInput } from './failures.ts';
export type { CertErrorCode, ChainFailure, ChainResult, Finding, Level, ParseResult, ParsedCert } from './types.ts';
