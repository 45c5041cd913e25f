/** The console's entry: read the configuration, finish a hosted sign-in, start. */
import { startConsole } from './app.ts';
import { finishHostedSignIn } from './auth.ts';
import { localConfig, parseConfig, type ConsoleConfig } from './config.ts';
import { loadDictionary, loadLanguage } from './i18n.ts';

/** config.json, or the last one seen when the network is away. */
async function loadConfig(): Promise<ConsoleConfig> {
  const remembered = 'huzhu.config.v1';
  try {
    // Preloaded by index.html, in parallel with the script.
    const response = await fetch('config.json');
    if (!response.ok) return localConfig;
    const config = parseConfig(await response.json());
    localStorage.setItem(remembered, JSON.stringify(config));
    return config;
  } catch {
    const last = localStorage.getItem(remembered);
    return last ? parseConfig(JSON.parse(last)) : localConfig;
  }
}

async function main(): Promise<void> {
  const language = loadLanguage(localStorage);
  document.documentElement.lang = language;
  const [config, dictionary] = await Promise.all([loadConfig(), loadDictionary(language)]);
  await finishHostedSignIn(config).catch(() => undefined);
  const root = document.getElementById('app');
  if (root) startConsole(root, config, language, dictionary);
  // The app shell, cached: the console opens on a broken connection too.
  if ('serviceWorker' in navigator)
    navigator.serviceWorker.register('sw.js').catch(() => undefined);
}

void main();
