/** The page at http://localhost:3000/: where to go and whom to log in as. */
import type { DemoUser } from './demo-federation.ts';

const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function landingPage(users: DemoUser[]): string {
  const rows = users
    .map(
      (user) =>
        `<tr><td><code>${escape(user.username)}</code></td><td>${escape(user.displayName)}</td><td>${user.role}</td><td>${escape(user.associationId ?? user.federationId ?? '全部')}</td></tr>`,
    )
    .join('');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>互助 Huzhu 本地演示</title>
<style>body{font-family:system-ui,"Noto Sans CJK SC",sans-serif;margin:2rem auto;max-width:52rem;padding:0 1rem;color:#222}table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:.3rem .6rem;text-align:left}code{background:#f4f4f4;padding:0 .2rem}</style></head>
<body><h1>互助 Huzhu · 本地演示</h1>
<p>演示数据：龙泉市竹垟畲族乡资金互助会联合会及其 10 个村级互助会。</p>
<p><a href="/console/"><strong>进入工作台 /console/</strong></a>：出纳与联合会监管员的网页工作台，选择下方任一演示用户登录。</p>
<ul><li><a href="/openapi.json">/openapi.json</a>：接口说明（OpenAPI 3.1）</li><li><a href="/health">/health</a>：运行状态</li><li><a href="/local/users">/local/users</a>：演示用户</li></ul>
<p>登录：<code>curl -X POST ${'$'}URL/local/login -d '{"username":"treasurer-01"}'</code>，然后在请求头中带上 <code>Authorization: Bearer &lt;token&gt;</code>。</p>
<table><thead><tr><th>用户名</th><th>身份</th><th>角色</th><th>范围</th></tr></thead><tbody>${rows}</tbody></table>
</body></html>`;
}
