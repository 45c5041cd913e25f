/**
 * What the two SMS provider stubs share: an HTTP server on loopback, the answers a test asks
 * for (success, throttling, template rejected), what was accepted, and the receipts to report.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export type StubAnswer = 'success' | 'throttled' | 'template-rejected';

export interface AcceptedSms {
  providerMessageId: string;
  messageId: string;
  phone: string;
  signName: string;
  template: string;
  params: string[];
  acceptedAt: Date;
}

export interface StubReceipt {
  delivered: boolean;
  code: string;
}

export interface ProviderStub {
  port: number;
  accepted: AcceptedSms[];
  /** Requests refused because their signature did not verify. */
  badSignatures: number;
  /** The next sends get these answers, in order; then success. */
  answerNext(...answers: StubAnswer[]): void;
  /** The carrier's report on an accepted message, given on the next receipt query. */
  report(messageId: string, receipt: StubReceipt): void;
  /** Called after a message is accepted, before the answer leaves: a test crashes here. */
  onAccepted?: (sms: AcceptedSms) => void;
  close(): Promise<void>;
}

export interface StubState {
  answers: StubAnswer[];
  accepted: AcceptedSms[];
  reports: Map<string, StubReceipt>;
  badSignatures: number;
  stub: ProviderStub;
}

export type StubHandler = (
  request: IncomingMessage,
  body: string,
  state: StubState,
) => { status: number; json: unknown };

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startProviderStub(handler: StubHandler): Promise<ProviderStub> {
  const state = { answers: [], accepted: [], reports: new Map(), badSignatures: 0 } as Omit<
    StubState,
    'stub'
  > as StubState;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    void readBody(request).then((body) => {
      const { status, json } = handler(request, body, state);
      response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      response.end(JSON.stringify(json));
    });
  });
  // Loopback only: no test sends anything beyond this machine.
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.stub = {
    port: (server.address() as AddressInfo).port,
    accepted: state.accepted,
    get badSignatures() {
      return state.badSignatures;
    },
    answerNext: (...answers) => state.answers.push(...answers),
    report: (messageId, receipt) => state.reports.set(messageId, receipt),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  return state.stub;
}

/** Takes the next answer; records the message when it is a success. */
export function answerSend(state: StubState, sms: Omit<AcceptedSms, 'acceptedAt'>): StubAnswer {
  const answer = state.answers.shift() ?? 'success';
  if (answer === 'success') {
    const accepted = { ...sms, acceptedAt: new Date() };
    state.accepted.push(accepted);
    state.stub.onAccepted?.(accepted);
  }
  return answer;
}
