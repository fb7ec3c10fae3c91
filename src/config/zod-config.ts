import { config } from 'zod/mini';
import { en } from 'zod/locales';

// Imported before any schema is built, since zod reads the settings then.
// The schemas use zod/mini: the same validation as zod's classic API with far lighter schema
// objects, which matters because they are built on every start-up. zod/mini has no messages of
// its own: English ones for issues without an error of their own. No compiled fast path
// (jitless): each file is validated once per run, so compiling costs more than it saves.
config({ ...en(), jitless: true });
