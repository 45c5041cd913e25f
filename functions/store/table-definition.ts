/**
 * The one DynamoDB table, described once. The CDK stack builds it from this and the local
 * system creates it from this, so the cloud and a laptop hold the same keys and indexes.
 *
 * Item keys (PK / SK):
 *   FED#<fid>             META                  a federation
 *   FED#<fid>             HOUSEHOLD#<hash>      one household across the federation, by ID
 *                                               number: open loans, debts (store/households.ts)
 *   ASSOC#<aid>           META                  an association, its charter, its member counter
 *   ASSOC#<aid>           ACCOUNT#<code>        one ledger account's balance (debit − credit)
 *   ASSOC#<aid>           MEMBER#<mid>          a member household and its shares
 *   ASSOC#<aid>           IDNUM#<hash>          claims an ID number, so a household enrols once
 *   ASSOC#<aid>           LOAN#<lid>            a loan, its schedule and repayments (store/loans.ts)
 *   ASSOC#<aid>           JE#<date>#<eid>       a journal entry, sorted by business date
 *   ASSOC#<aid>           DIST#<year>           claims a year's year-end distribution (store/reports.ts)
 *   ASSOC#<aid>           SUBSIDY#<period>      贴息 received for a claim period, and its payouts
 *   ASSOC#<aid>           CLOSE                 the books' period close (结账): closed through, history
 *   FED#<fid>             ACCOUNT#<code>        the federation's own books: a balance
 *   FED#<fid>             JE#<date>#<eid>       … and an entry (store/federation.ts)
 *   FED#<fid>             PLAN#<pid>            a 调剂 plan; TRANSFER#<tid> each transfer it made
 *   IDEMP#<scope>#<caller>#<key>  IDEMP        an Idempotency-Key's request hash and response
 *   ASSOC#<aid>           MSGPREF#<mid>         a household's SMS preference (reminders opt-out)
 *   ASSOC#<aid>           TEAGARDEN#<cid>       a 茶园资产评估证, its appraisals and pledges
 *   TEACERT#<county>#<no> CLAIM                 claims a certificate number county-wide
 *   OUTBOX#<id>           MSG                   an SMS in the outbox (store/outbox.ts)
 *   LOANLINKS#<aid>#<lid> STATE                 a loan's link state: generation, closedOn, TTL
 *   LINK#<sha256(token)>  LINK                  one farmer-page token, by its hash only
 *   RATE#<scope>#<hash>   <yyyy-mm-ddThh:mm>    a client's lookups in a minute (TTL)
 *   LOCALSMS#<id>         SENT#<at>#<n>         local mode only: what the local gateway "sent"
 *   AUDIT#<aid>           <iso time>#<reqid>    a fetch of the 贴息 claim: who, when (no TTL)
 * GSI1 lists a federation's associations (GSI1PK = FED#<fid>, GSI1SK = ASSOC#<aid>), the
 * loans of an association by state (GSI1PK = LOANS#<aid>#<state>, store/loans.ts), the
 * outbox (GSI1PK = OUTBOX#pending while a message waits or is being sent, OUTBOX#done after;
 * GSI1SK = <time>#<id>) and, locally, LOCALSMS.
 * GSI2 is sparse: only OPEN loans carry its keys (store/loans.ts), and the daily reminders
 * read it (store/due-index.ts): GSI2PK = DUE#<yyyy-mm-dd>, the due date of the loan's oldest
 * installment not fully paid; GSI2SK = <aid>#<lid>. Kept on every loan write, removed on
 * payoff and write-off, so "due on D" is one Query and never a scan.
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

export interface ItemKey {
  PK: string;
  SK: string;
}

export const keys = {
  federation: (fid: string): ItemKey => ({ PK: `FED#${fid}`, SK: 'META' }),
  association: (aid: string): ItemKey => ({ PK: `ASSOC#${aid}`, SK: 'META' }),
  account: (aid: string, code: string): ItemKey => ({ PK: `ASSOC#${aid}`, SK: `ACCOUNT#${code}` }),
  member: (aid: string, mid: string): ItemKey => ({ PK: `ASSOC#${aid}`, SK: `MEMBER#${mid}` }),
  idNumberClaim: (aid: string, idHash: string): ItemKey => ({
    PK: `ASSOC#${aid}`,
    SK: `IDNUM#${idHash}`,
  }),
  entry: (aid: string, date: string, eid: string): ItemKey => ({
    PK: `ASSOC#${aid}`,
    SK: `JE#${date}#${eid}`,
  }),
  periodClose: (aid: string): ItemKey => ({ PK: `ASSOC#${aid}`, SK: 'CLOSE' }),
  subsidyReceipt: (aid: string, period: string): ItemKey => ({
    PK: `ASSOC#${aid}`,
    SK: `SUBSIDY#${period}`,
  }),
  /** A key is its caller's: anyone else's same key is another record. */
  idempotency: (scope: string, caller: string, key: string): ItemKey => ({
    PK: `IDEMP#${scope}#${caller}#${key}`,
    SK: 'IDEMP',
  }),
};

export const keyString = (key: ItemKey) => `${key.PK}|${key.SK}`;
