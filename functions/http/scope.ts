/**
 * Scope: a treasurer acts only on their own association; a supervisor and an auditor on
 * every association of their own federation; an admin everywhere.
 */
import type { Association } from '#domain/association.ts';
import type { AssociationRead, ReadSet } from '../store/read-set.ts';
import type { WriteOnceResult } from '../store/write-once.ts';
import type { Reply } from './area-handler.ts';
import type { Identity } from './identity.ts';
import { HttpProblem, problems } from './problem.ts';

export function canReachAssociation(identity: Identity, association: Association): boolean {
  return identity.roles.some((role) => {
    switch (role) {
      case 'admin':
        return true;
      case 'treasurer':
        return identity.associationId === association.id;
      case 'supervisor':
      case 'auditor':
        return identity.federationId === association.federationId;
    }
  });
}

export function canReachFederation(identity: Identity, federationId: string): boolean {
  return identity.roles.some(
    (role) =>
      role === 'admin' ||
      ((role === 'supervisor' || role === 'auditor') && identity.federationId === federationId),
  );
}

export function requireAssociationScope(identity: Identity, association: Association): void {
  if (!canReachAssociation(identity, association)) throw new HttpProblem(problems.forbiddenScope());
}

export function requireFederationScope(identity: Identity, federationId: string): void {
  if (!canReachFederation(identity, federationId)) throw new HttpProblem(problems.forbiddenScope());
}

/** The association from a batch read, or 404; then the caller's scope, or 403. */
export function requireReadAssociation(
  read: ReadSet,
  aid: string,
  identity: Identity,
): AssociationRead {
  const found = read.association(aid);
  if (!found) throw new HttpProblem(problems.notFound('ASSOCIATION_NOT_FOUND', '互助会不存在'));
  requireAssociationScope(identity, found.association);
  return found;
}

/** A write's answer; a replay says so in a header, with the first answer's status and body. */
export function replyFrom(result: WriteOnceResult): Reply {
  return {
    status: result.status,
    body: result.body,
    headers: result.replayed ? { 'idempotent-replayed': 'true' } : {},
  };
}
