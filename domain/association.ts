/** A village association (村级资金互助会) and the township federation it belongs to. */
import type { Charter } from './charter.ts';

export interface Federation {
  id: string;
  name: string;
  county: string;
  township: string;
  foundedOn: string;
}

export interface Association {
  id: string;
  federationId: string;
  name: string;
  village: string;
  foundedOn: string;
  /** The treasurer's phone, shown to farmers on their loan page. */
  treasurerPhone: string;
  charter: Charter;
}
