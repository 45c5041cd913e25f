/**
 * The one DynamoDB table, described once. The CDK stack builds it from this and the local
 * system creates it from this, so the cloud and a laptop hold the same keys and indexes.
 *
 * Item keys (PK / SK):
 *   FED#<fid>      META                   a federation
 *   ASSOC#<aid>    META                   an association and its charter
 *   ASSOC#<aid>    ACCOUNT#<code>         one ledger account's balance
 * GSI1 lists an association's things by kind (GSI1PK = FED#<fid>, GSI1SK = ASSOC#<aid>, …);
 * GSI2 is sparse: only items with a due date carry DUE keys (loans, reminders).
 */
export interface IndexDefinition {
  name: string;
  partitionKey: string;
  sortKey: string;
}

export const tableDefinition = {
  partitionKey: 'PK',
  sortKey: 'SK',
  globalIndexes: [
    { name: 'GSI1', partitionKey: 'GSI1PK', sortKey: 'GSI1SK' },
    { name: 'GSI2', partitionKey: 'GSI2PK', sortKey: 'GSI2SK' },
  ] satisfies IndexDefinition[],
  /** The outbox notifier reads new messages from the stream. */
  stream: 'NEW_AND_OLD_IMAGES',
  /** Idempotency records and rate-limit counters expire through TTL. */
  timeToLiveAttribute: 'expiresAt',
} as const;

/** Every key attribute is a string. */
export const keyAttributes = [
  tableDefinition.partitionKey,
  tableDefinition.sortKey,
  ...tableDefinition.globalIndexes.flatMap((index) => [index.partitionKey, index.sortKey]),
];

export const keys = {
  federation: (fid: string) => ({ PK: `FED#${fid}`, SK: 'META' }),
  association: (aid: string) => ({ PK: `ASSOC#${aid}`, SK: 'META' }),
  account: (aid: string, code: string) => ({ PK: `ASSOC#${aid}`, SK: `ACCOUNT#${code}` }),
};
