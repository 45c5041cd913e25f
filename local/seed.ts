/** Loads the demo federation into an empty store; a store that has it is left alone. */
import type { Store } from '../functions/store/client.ts';
import {
  createAssociation,
  createFederation,
  loadFederation,
} from '../functions/store/associations.ts';
import { demoAssociations, demoFederation } from './demo-federation.ts';

export async function seedDemoFederation(store: Store): Promise<'seeded' | 'present'> {
  if (await loadFederation(store, demoFederation.id)) return 'present';
  for (const association of demoAssociations) await createAssociation(store, association);
  // The federation item goes last: its presence means the seed finished.
  await createFederation(store, demoFederation);
  return 'seeded';
}
