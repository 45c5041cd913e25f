/**
 * What the pipeline hands every implementation besides the parsed request, so that no handler
 * copies it: the store it serves, the path's association (loaded once, 404 then 403), and the
 * route's exactly-once write, whose Idempotency-Key the route table declares.
 */
import type { Association } from '#domain/association.ts';
import type { RouteDefinition } from '#api/route.ts';
import { loadAssociation } from '../store/associations.ts';
import type { Store } from '../store/client.ts';
import type { ItemRef, ReadSet } from '../store/read-set.ts';
import { writeOnce, type Decision } from '../store/write-once.ts';
import type { HttpRequest, Reply } from './area-handler.ts';
import { idempotencyOf, type IdempotencyScope } from './idempotency.ts';
import { HttpProblem, problems } from './problem.ts';
import { replyFrom, requireAssociationScope } from './scope.ts';

/** One exactly-once operation: what it reads, and the decision on what was read. */
export interface Operation {
  reads: ItemRef[];
  decide(read: ReadSet): Decision | Promise<Decision>;
}

export interface RequestContext {
  store: Store;
  /** The path's association ({aid}), or 404; then the caller's scope, or 403. Loaded once. */
  association(): Promise<Association>;
  /**
   * Runs the operation exactly once (store/write-once.ts). The Idempotency-Key is required
   * when the route says `idempotent`, and used when sent otherwise; its record lives under
   * the path's association, else its federation, unless `scope` says otherwise.
   */
  writeOnce(operation: Operation, scope?: IdempotencyScope): Promise<Reply>;
}

type AnyRequest = HttpRequest<unknown, unknown, unknown>;
type PathParams = { aid?: string; fid?: string } | undefined;

function pathScope(params: PathParams): IdempotencyScope {
  if (params?.aid) return { association: params.aid };
  if (params?.fid) return { federation: params.fid };
  throw new Error('an exactly-once route needs {aid} or {fid} in its path, or a scope');
}

async function scopedAssociation(request: AnyRequest): Promise<Association> {
  const aid = (request.params as PathParams)?.aid;
  const association = aid ? await loadAssociation(request.store, aid) : undefined;
  if (!association) {
    throw new HttpProblem(problems.notFound('ASSOCIATION_NOT_FOUND', '互助会不存在'));
  }
  requireAssociationScope(request.identity, association);
  return association;
}

export function requestContext(
  route: RouteDefinition,
  store: Store,
  request: () => AnyRequest,
): RequestContext {
  let association: Promise<Association> | undefined;
  return {
    store,
    association: () => (association ??= scopedAssociation(request())),
    async writeOnce(operation, scope) {
      const current = request();
      const idempotency = idempotencyOf(current, scope ?? pathScope(current.params as PathParams), {
        required: route.idempotent === true,
      });
      return replyFrom(await writeOnce(store, { ...operation, idempotency }));
    },
  };
}
