/**
 * The farmer's link to a loan page: a capability URL /s/<token> (shared/DESIGN.md, Messages).
 *
 * - A token is 16 random bytes (128 bits) in base64url: 22 characters. Only its SHA-256 is
 *   stored; the token itself lives in the SMS and nowhere else.
 * - Every SMS carries a freshly issued token (the notifier issues it at send time, as it reads
 *   the current phone): no raw token is ever kept in the outbox, the stream or the table, and
 *   a later message can still carry a working link. All tokens of a loan belong to its link
 *   state, which decides for all of them at once:
 *     LOANLINKS#<aid>#<lid>  STATE   memberId, generation, openedOn, closedOn?, expiresAt (TTL)
 *     LINK#<sha256(token)>   LINK    loanId, associationId, memberId, generation, issuedAt,
 *                                    messageId?, revokedAt?, expiresAt (TTL)
 * - Expiry: 30 days after the loan closes (paid off or written off), by business date; the
 *   state's TTL is set to that day, and a token whose state is gone is expired too.
 * - Revocation: `revokeLoanLinks` raises the generation, which revokes every token issued so
 *   far; the next message (or `issueLink`) issues a new one. `revokeLink` revokes one token.
 * - Reading a page changes nothing here.
 */
import { createHash, randomBytes } from 'node:crypto';
import { GetCommand, TransactWriteCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { addDays, type BusinessDate } from '#domain/dates.ts';
import type { Store } from './client.ts';
import { countFrom } from './numbers.ts';
import type { ItemKey } from './table-definition.ts';
import { conditionally, newItemWrite } from './guarded-writes.ts';
import type { GuardedWrite, TransactItem } from './write-once.ts';

export const linkTokenBytes = 16;
/** The page answers 410 from the 31st day after the loan closed. */
export const linkDaysAfterClosing = 30;
/** TTL backstop for a token item: longer than any loan lives (charter: at most 60 months). */
const tokenItemLifetimeSeconds = 6 * 366 * 86_400;

const tokenPattern = /^[A-Za-z0-9_-]{22}$/;

export const linkKey = (tokenHash: string): ItemKey => ({ PK: `LINK#${tokenHash}`, SK: 'LINK' });
export const loanLinksKey = (aid: string, lid: string): ItemKey => ({
  PK: `LOANLINKS#${aid}#${lid}`,
  SK: 'STATE',
});

export function newLinkToken(): string {
  return randomBytes(linkTokenBytes).toString('base64url');
}

export function isWellFormedToken(token: string): boolean {
  return tokenPattern.test(token);
}

export function linkTokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** The link a message carries: `${baseUrl}/s/${token}`. */
export function linkUrl(baseUrl: string, token: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/s/${token}`;
}

/** The same text with every link's token hidden, for what is kept after sending. */
export function hideLinkTokens(text: string): string {
  return text.replace(/\/s\/[A-Za-z0-9_-]{22}/g, '/s/…');
}

export interface LoanLinkState {
  associationId: string;
  loanId: string;
  memberId: string;
  generation: number;
  openedOn: BusinessDate;
  closedOn?: BusinessDate;
}

/** The last business date on which the page still opens, once the loan is closed. */
export function lastLinkDay(closedOn: BusinessDate): BusinessDate {
  return addDays(closedOn, linkDaysAfterClosing);
}

/** A token may be issued and its page read on `today`. */
export function linkIsLive(state: LoanLinkState, today: BusinessDate): boolean {
  return state.closedOn === undefined || today <= lastLinkDay(state.closedOn);
}

/** Midnight Asia/Shanghai at the start of the day after `date`, as epoch seconds (a TTL). */
function endOfShanghaiDay(date: BusinessDate): number {
  return Math.floor(Date.parse(`${addDays(date, 1)}T00:00:00+08:00`) / 1000);
}

/** In the transaction that disburses the loan: the loan's link state. */
export function linkWrites(
  tableName: string,
  loan: { associationId: string; loanId: string; memberId: string; openedOn: BusinessDate },
): GuardedWrite[] {
  return [
    newItemWrite(tableName, {
      ...loanLinksKey(loan.associationId, loan.loanId),
      kind: 'loan-link-state',
      associationId: loan.associationId,
      loanId: loan.loanId,
      memberId: loan.memberId,
      generation: 1,
      openedOn: loan.openedOn,
    }),
  ];
}

/**
 * In the transaction that pays the loan off or writes it off: links keep working for 30 days,
 * then the page answers 410 (and TTL removes the state).
 */
export function linkClosingWrites(
  tableName: string,
  loan: { associationId: string; loanId: string; closedOn: BusinessDate },
): GuardedWrite[] {
  return [
    {
      item: {
        Update: {
          TableName: tableName,
          Key: loanLinksKey(loan.associationId, loan.loanId),
          UpdateExpression: 'SET closedOn = :closedOn, expiresAt = :expiresAt',
          ConditionExpression: 'attribute_exists(PK)',
          ExpressionAttributeValues: {
            ':closedOn': loan.closedOn,
            ':expiresAt': endOfShanghaiDay(lastLinkDay(loan.closedOn)),
          },
        },
      },
      onConditionFailed: 'retry',
    },
  ];
}

/** In the transaction that reopens a closed loan (a reversed repayment): links live again. */
export function linkReopeningWrites(
  tableName: string,
  loan: { associationId: string; loanId: string },
): GuardedWrite[] {
  return [
    {
      item: {
        Update: {
          TableName: tableName,
          Key: loanLinksKey(loan.associationId, loan.loanId),
          UpdateExpression: 'REMOVE closedOn, expiresAt',
          ConditionExpression: 'attribute_exists(PK)',
        },
      },
      onConditionFailed: 'retry',
    },
  ];
}

export function linkStateFromItem(item: Record<string, unknown>): LoanLinkState {
  return {
    associationId: String(item.associationId),
    loanId: String(item.loanId),
    memberId: String(item.memberId),
    generation: countFrom(item.generation),
    openedOn: String(item.openedOn),
    closedOn: item.closedOn === undefined ? undefined : String(item.closedOn),
  };
}

export async function loadLoanLinkState(
  store: Store,
  aid: string,
  lid: string,
): Promise<LoanLinkState | undefined> {
  const { Item } = await store.db.send(
    new GetCommand({
      TableName: store.tableName,
      Key: loanLinksKey(aid, lid),
      ConsistentRead: true,
    }),
  );
  return Item ? linkStateFromItem(Item) : undefined;
}

/**
 * A new token of the loan's current generation, as transaction items: the token's item, and
 * a check that the generation did not move meanwhile (a revocation racing the issue).
 */
/** A token and the writes that issue it, to go into another transaction (the outbox's claim). */
export interface IssuedLink {
  token: string;
  items: TransactItem[];
}

export function issueLinkItems(
  tableName: string,
  state: LoanLinkState,
  issue: { issuedAt: Date; messageId?: string; token?: string },
): IssuedLink {
  const token = issue.token ?? newLinkToken();
  return {
    token,
    items: [
      {
        Put: {
          TableName: tableName,
          Item: {
            ...linkKey(linkTokenHash(token)),
            kind: 'loan-link',
            associationId: state.associationId,
            loanId: state.loanId,
            memberId: state.memberId,
            generation: state.generation,
            issuedAt: issue.issuedAt.toISOString(),
            messageId: issue.messageId,
            expiresAt: Math.floor(issue.issuedAt.getTime() / 1000) + tokenItemLifetimeSeconds,
          },
          ConditionExpression: 'attribute_not_exists(PK)',
        },
      },
      {
        ConditionCheck: {
          TableName: tableName,
          Key: loanLinksKey(state.associationId, state.loanId),
          ConditionExpression: 'generation = :generation',
          ExpressionAttributeValues: { ':generation': state.generation },
        },
      },
    ],
  };
}

/**
 * Issues a token outside a message (a treasurer hands the link over in person); undefined
 * when the loan has no live link state.
 */
export async function issueLink(
  store: Store,
  aid: string,
  lid: string,
  now: Date,
  today: BusinessDate,
): Promise<string | undefined> {
  const state = await loadLoanLinkState(store, aid, lid);
  if (!state || !linkIsLive(state, today)) return undefined;
  const { token, items } = issueLinkItems(store.tableName, state, { issuedAt: now });
  await store.db.send(new TransactWriteCommand({ TransactItems: items }));
  return token;
}

/** Revokes every token of the loan issued so far; false when the loan has no link state. */
export async function revokeLoanLinks(store: Store, aid: string, lid: string): Promise<boolean> {
  return conditionally(
    store.db.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: loanLinksKey(aid, lid),
        UpdateExpression: 'ADD generation :one',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':one': 1 },
      }),
    ),
  );
}

/** Revokes one token; false when it is unknown. */
export async function revokeLink(store: Store, token: string, at: Date): Promise<boolean> {
  if (!isWellFormedToken(token)) return false;
  return conditionally(
    store.db.send(
      new UpdateCommand({
        TableName: store.tableName,
        Key: linkKey(linkTokenHash(token)),
        UpdateExpression: 'SET revokedAt = if_not_exists(revokedAt, :at)',
        ConditionExpression: 'attribute_exists(PK)',
        ExpressionAttributeValues: { ':at': at.toISOString() },
      }),
    ),
  );
}

export type LinkResolution =
  | { status: 'unknown' }
  | {
      status: 'valid' | 'expired' | 'revoked';
      associationId: string;
      loanId: string;
      memberId: string;
    };

/** What a token opens on `today`. Reads only. */
export async function resolveLink(
  store: Store,
  token: string,
  today: BusinessDate,
): Promise<LinkResolution> {
  if (!isWellFormedToken(token)) return { status: 'unknown' };
  const { Item: link } = await store.db.send(
    new GetCommand({ TableName: store.tableName, Key: linkKey(linkTokenHash(token)) }),
  );
  if (!link) return { status: 'unknown' };
  const found = {
    associationId: String(link.associationId),
    loanId: String(link.loanId),
    memberId: String(link.memberId),
  };
  const state = await loadLoanLinkState(store, found.associationId, found.loanId);
  // The state goes (TTL) only after the loan closed and its 30 days passed.
  if (!state) return { status: 'expired', ...found };
  if (link.revokedAt !== undefined || countFrom(link.generation) < state.generation) {
    return { status: 'revoked', ...found };
  }
  if (!linkIsLive(state, today)) return { status: 'expired', ...found };
  return { status: 'valid', ...found };
}
