export * from './aws';
export * from './azure';
export * from './attributes';
export { S3_READ_ACTIONS, S3_WRITE_ACTIONS, KMS_READ_OPERATIONS, KMS_WRITE_OPERATIONS } from './aws-grants';
export { BLOB_READER_ROLE, BLOB_CONTRIBUTOR_ROLE } from './azure-grants';
