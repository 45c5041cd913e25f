/**
 * The DynamoDB client, made once per Lambda container. Numbers are read wrapped so that no
 * amount ever passes through a JS float (shared/DESIGN.md, Money).
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

export interface StoreConfig {
  tableName: string;
  /** DynamoDB Local's URL; absent in the cloud. */
  endpoint?: string;
}

export function storeConfigFromEnv(env: NodeJS.ProcessEnv = process.env): StoreConfig {
  const tableName = env.TABLE_NAME;
  if (!tableName) throw new Error('TABLE_NAME is not set');
  return { tableName, endpoint: env.DYNAMODB_ENDPOINT || undefined };
}

export function createDocumentClient(config: StoreConfig): DynamoDBDocumentClient {
  const client = new DynamoDBClient(
    config.endpoint
      ? {
          endpoint: config.endpoint,
          region: 'local',
          credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
        }
      : {},
  );
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { removeUndefinedValues: true },
    unmarshallOptions: { wrapNumbers: true },
  });
}

export interface Store {
  db: DynamoDBDocumentClient;
  tableName: string;
}

let shared: Store | undefined;

/** The store for this process, from TABLE_NAME and DYNAMODB_ENDPOINT. */
export function store(): Store {
  if (!shared) {
    const config = storeConfigFromEnv();
    shared = { db: createDocumentClient(config), tableName: config.tableName };
  }
  return shared;
}
