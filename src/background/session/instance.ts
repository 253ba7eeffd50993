// The background's one session controller.
import { browserSessionEnv } from './browser-env.ts';
import { createSessions } from './index.ts';

export const sessions = createSessions(browserSessionEnv());
