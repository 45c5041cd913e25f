/**
 * Which claim of a token holds what: the API's authorizer, the Lambdas and the console all read
 * the signed-in user by these names. Cognito's are the default; any OIDC provider's are
 * configuration (functions/http/identity.ts, the console's config.json).
 */
export interface ClaimNames {
  username: string;
  /** The claim listing the user's roles (groups). */
  groups: string;
  association: string;
  federation: string;
}

/** Cognito's names: what the global target and the console read by default. */
export const cognitoClaimNames: ClaimNames = {
  username: 'cognito:username',
  groups: 'cognito:groups',
  association: 'custom:association_id',
  federation: 'custom:federation_id',
};
