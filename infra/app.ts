/** The CDK app: `npm run synth` (offline) or `npx cdk deploy`. */
import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { HuzhuStack } from './huzhu-stack.ts';

const app = new App();
new HuzhuStack(app, 'Huzhu', {
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
Aspects.of(app).add(new AwsSolutionsChecks());
