/** The contract: the only module of src-main the renderer imports. */
export * from './channels';
export * from './errors';
export * from './providers';
export * from './key-pairs';
export * from './schemas';
export * from './inspector';
export * from './markets';
export type * from './api';
export * from './passphrase-strength';
export * from './debug';
export * from './rotation';
export * from './scan';
export * from './audit';
