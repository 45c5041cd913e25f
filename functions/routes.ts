/**
 * The route table: every path of the HTTP API, the Lambda that serves it and who may call
 * it. infra/ builds API Gateway routes from it, local/ serves it, and /openapi.json is
 * generated from it, so the three can never disagree.
 */
import { charterSchema } from '../domain/charter.ts';
import { associationParams, associationView } from './associations/schemas.ts';
import * as books from './books/schemas.ts';
import type { Role } from './http/identity.ts';
import { defineRoute, type RouteDefinition } from './http/route.ts';
import * as members from './members/schemas.ts';
import { healthView } from './platform/schemas.ts';
import { subsidyQuoteBody, subsidyQuoteView } from './subsidy/schemas.ts';

const readers: readonly Role[] = ['treasurer', 'supervisor', 'auditor', 'admin'];
const treasurers: readonly Role[] = ['treasurer', 'admin'];

export const routes = {
  health: defineRoute({
    method: 'GET',
    path: '/health',
    lambda: 'platform',
    access: 'public',
    summary: 'Liveness',
    response: healthView,
  }),
  openapi: defineRoute({
    method: 'GET',
    path: '/openapi.json',
    lambda: 'platform',
    access: 'public',
    summary: 'This API as an OpenAPI 3.1 document',
  }),
  getAssociation: defineRoute({
    method: 'GET',
    path: '/associations/{aid}',
    lambda: 'associations',
    access: readers,
    summary: 'The association, its charter and its balances',
    params: associationParams,
    response: associationView,
  }),
  putCharter: defineRoute({
    method: 'PUT',
    path: '/associations/{aid}/charter',
    lambda: 'associations',
    access: ['supervisor', 'admin'],
    summary: "The association's rules: share price, caps, rates, the year-end split",
    params: associationParams,
    body: charterSchema,
    response: associationView,
  }),
  enrolMember: defineRoute({
    method: 'POST',
    path: '/associations/{aid}/members',
    lambda: 'members',
    access: treasurers,
    summary: 'Enrol a household (入会)',
    params: members.associationPath,
    body: members.enrolmentBody,
    response: members.memberView,
  }),
  listMembers: defineRoute({
    method: 'GET',
    path: '/associations/{aid}/members',
    lambda: 'members',
    access: readers,
    summary: 'Members with their shares (ID numbers masked)',
    params: members.associationPath,
    query: members.listQuery,
  }),
  getMember: defineRoute({
    method: 'GET',
    path: '/associations/{aid}/members/{mid}',
    lambda: 'members',
    access: readers,
    summary: 'A member: shares, loans, guarantees, credit grade',
    params: members.memberPath,
    response: members.memberView,
  }),
  buyShares: defineRoute({
    method: 'POST',
    path: '/associations/{aid}/members/{mid}/shares',
    lambda: 'members',
    access: treasurers,
    summary: 'Buy shares with cash (入股) or grant fiscal shares (配股)',
    params: members.memberPath,
    body: members.sharesBody,
    response: members.shareBookingView,
    idempotent: true,
  }),
  redeemShares: defineRoute({
    method: 'POST',
    path: '/associations/{aid}/members/{mid}/share-redemptions',
    lambda: 'members',
    access: treasurers,
    summary: 'Withdraw shares (退股); all of them ends the membership',
    params: members.memberPath,
    body: members.redemptionBody,
    response: members.shareBookingView,
    idempotent: true,
  }),
  bookCapital: defineRoute({
    method: 'POST',
    path: '/associations/{aid}/capital',
    lambda: 'books',
    access: ['treasurer', 'supervisor', 'admin'],
    summary: 'Book fiscal money, special support money or a donation',
    params: books.associationPath,
    body: books.capitalBody,
    response: books.entryView,
    idempotent: true,
  }),
  trialBalance: defineRoute({
    method: 'GET',
    path: '/associations/{aid}/trial-balance',
    lambda: 'books',
    access: readers,
    summary: "Every account's balance; debits equal credits",
    params: books.associationPath,
    query: books.trialBalanceQuery,
    response: books.trialBalanceView,
  }),
  journal: defineRoute({
    method: 'GET',
    path: '/associations/{aid}/journal',
    lambda: 'books',
    access: readers,
    summary: 'Journal entries dated from..to, oldest first',
    params: books.associationPath,
    query: books.journalQuery,
  }),
  reverseEntry: defineRoute({
    method: 'POST',
    path: '/associations/{aid}/journal/{eid}/reversal',
    lambda: 'books',
    access: treasurers,
    summary: 'Undo a mistaken entry with a reversal entry that points at it',
    params: books.entryPath,
    body: books.reversalBody,
    response: books.entryView,
    idempotent: true,
  }),
  subsidyQuote: defineRoute({
    method: 'POST',
    path: '/subsidy-quotes',
    lambda: 'subsidy',
    access: readers,
    summary: 'The interest-subsidy (贴息) calculator; stores nothing',
    body: subsidyQuoteBody,
    response: subsidyQuoteView,
  }),
};

export const routeTable: RouteDefinition[] = Object.values(routes) as RouteDefinition[];
