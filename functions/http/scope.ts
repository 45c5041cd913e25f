/**
 * Scope: a treasurer acts only on their own association; a supervisor and an auditor on
 * every association of their own federation; an admin everywhere.
 */
import type { Association } from '../../domain/association.ts';
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
