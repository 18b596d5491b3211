import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';

export const meRoutes = new Hono<AppEnv>().get('/', (c) => c.json({ user: c.var.user }));
