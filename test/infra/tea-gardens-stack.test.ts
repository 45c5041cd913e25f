/** The tea-gardens Lambda in the CDK stack: its own function, its routes, read-write table access. */
import { describe, expect, it } from 'vitest';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { HuzhuStack } from '../../infra/huzhu-stack.ts';
import { routeKey } from '#api/route.ts';
import { routeTable } from '#api/routes.ts';

// Skip esbuild bundling in tests: the template is what is under test.
const app = new App({ context: { 'aws:cdk:bundling-stacks': [] } });
const template = Template.fromStack(new HuzhuStack(app, 'TeaGardens'));

describe('the tea-gardens Lambda', () => {
  const functions = Object.entries(template.findResources('AWS::Lambda::Function'));
  const [, fn] = functions.find(([id]) => id.startsWith('Fnteagardens'))!;

  it('serves its five routes', () => {
    const ours = routeTable.filter((r) => r.lambda === 'tea-gardens').map(routeKey);
    expect(ours.sort()).toEqual([
      'GET /associations/{aid}/tea-gardens',
      'GET /associations/{aid}/tea-gardens/{cid}',
      'POST /associations/{aid}/loans/{lid}/pledges',
      'POST /associations/{aid}/tea-gardens',
      'POST /associations/{aid}/tea-gardens/{cid}/appraisals',
    ]);
    const deployed = Object.values(template.findResources('AWS::ApiGatewayV2::Route')).map(
      (r) => r.Properties.RouteKey,
    );
    for (const key of ours) expect(deployed).toContain(key);
  });

  it('reads and writes the table (registrations, pledges in transactions)', () => {
    const role = fn.Properties.Role['Fn::GetAtt'][0] as string;
    const actions = Object.values(template.findResources('AWS::IAM::Policy'))
      .filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref === role))
      .flatMap((p) => p.Properties.PolicyDocument.Statement)
      .flatMap((s: { Action: string | string[] }) => [s.Action].flat());
    expect(actions).toEqual(
      expect.arrayContaining([
        'dynamodb:BatchGetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        'dynamodb:ConditionCheckItem',
        'dynamodb:Query',
      ]),
    );
  });
});
