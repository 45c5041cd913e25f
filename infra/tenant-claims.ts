/**
 * The tenant claims (custom:association_id, custom:federation_id) decide which association or
 * federation a token reaches, so only an administrator may set them (AdminUpdateUserAttributes).
 * Every user-pool client names what it reads and writes: a signed-in user calling
 * UpdateUserAttributes with their own access token can change their locale, never their tenant.
 */
import { ClientAttributes, StringAttribute } from 'aws-cdk-lib/aws-cognito';

export const tenantAttributes = {
  association_id: new StringAttribute({ mutable: true }),
  federation_id: new StringAttribute({ mutable: true }),
};

/**
 * What a client may read: the tenant claims travel in the ID token the API checks; the name
 * is what the console shows (web/src/session.ts).
 */
export const clientReadAttributes = (): ClientAttributes =>
  new ClientAttributes()
    .withStandardAttributes({
      fullname: true,
      phoneNumber: true,
      phoneNumberVerified: true,
      locale: true,
    })
    .withCustomAttributes(...Object.keys(tenantAttributes));

/** What a client may write for its own user: the console's language, nothing that grants scope. */
export const clientWriteAttributes = (): ClientAttributes =>
  new ClientAttributes().withStandardAttributes({ locale: true });
