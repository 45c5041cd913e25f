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
  // Copies: the document client writes its own defaults into the objects it is given.
  return DynamoDBDocumentClient.from(client, {
    marshallOptions: { ...marshallOptions },
    unmarshallOptions: { ...unmarshallOptions },
  });
}

/** How items become AttributeValues and back, for DynamoDB and the in-memory table alike. */
export const marshallOptions: Readonly<{ removeUndefinedValues: true }> = Object.freeze({
  removeUndefinedValues: true,
});
export const unmarshallOptions: Readonly<{ wrapNumbers: true }> = Object.freeze({
  wrapNumbers: true,
});

/**
 * What the store asks of its client: to send the document client's commands. DynamoDB's
 * document client is one; the in-memory table (store/memory-table.ts) is the other.
 */
export type DocumentClient = Pick<DynamoDBDocumentClient, 'send'>;

export interface Store {
  db: DocumentClient;
  tableName: string;
}

/** A store on DynamoDB itself (or DynamoDB Local): its client is the SDK's. */
export interface DynamoStore extends Store {
  db: DynamoDBDocumentClient;
}

let shared: DynamoStore | undefined;

/** The store for this process, from TABLE_NAME and DYNAMODB_ENDPOINT. */
export function store(): DynamoStore {
  if (!shared) {
    const config = storeConfigFromEnv();
    shared = { db: createDocumentClient(config), tableName: config.tableName };
  }
  return shared;
}
