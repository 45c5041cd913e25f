/** Sign-in: the demo users locally, the hosted sign-in in the cloud. */
import { localSignIn, localUsers, startHostedSignIn } from '../auth.ts';
import type { ConsoleConfig } from '../config.ts';
import { h } from '../dom.ts';
import type { Language, Translate } from '../i18n.ts';
import type { Session } from '../session.ts';
import { errorView } from '../ui.ts';

export async function signInPage(
  config: ConsoleConfig,
  t: Translate,
  language: Language,
  onSignedIn: (session: Session) => void,
): Promise<HTMLElement> {
  const status = h('div');
  if (config.auth.kind !== 'local') {
    return h(
      'section',
      { class: 'sign-in' },
      h('h1', null, t('signIn.title')),
      h('p', null, t('signIn.hosted')),
      h(
        'button',
        {
          type: 'button',
          class: 'primary',
          onclick: () => void startHostedSignIn(config, language),
        },
        t('signIn.button'),
      ),
      status,
    );
  }
  const users = await localUsers(config);
  const choose = async (username: string) => {
    try {
      onSignedIn(await localSignIn(config, username));
    } catch (error) {
      status.replaceChildren(errorView(t, error));
    }
  };
  const group = (role: string, title: string) => {
    const members = users.filter((u) => u.role === role);
    if (members.length === 0) return null;
    return h(
      'div',
      { class: 'user-group' },
      h('h2', null, title),
      h(
        'div',
        { class: 'user-list' },
        members.map((user) =>
          h(
            'button',
            {
              type: 'button',
              class: 'user',
              'data-username': user.username,
              onclick: () => void choose(user.username),
            },
            h('strong', null, user.displayName),
            h('small', null, `${user.username} · ${user.associationId ?? user.federationId ?? ''}`),
          ),
        ),
      ),
    );
  };
  return h(
    'section',
    { class: 'sign-in' },
    h('h1', null, t('signIn.title')),
    h('p', null, t('signIn.local')),
    status,
    group('treasurer', t('role.treasurer')),
    group('supervisor', t('role.supervisor')),
    group('auditor', t('role.auditor')),
  );
}
