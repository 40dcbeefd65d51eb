/**
 * Loads a store driver that is an optional peer dependency (`better-sqlite3`, `redis`) the first
 * time a store needs it. Most installs use one store or none, so the others are never installed:
 * no native build, no download. A missing driver is named with the command that installs it; any
 * other failure (a driver that is there but broken) is passed on unchanged.
 */
export async function loadOptionalPeer<T>(name: string, user: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if (isMissingPackage(error, name)) {
      throw new Error(
        `${user} needs the "${name}" package, an optional peer dependency of @berbix-capture/adapter: install it with \`npm install ${name}\``,
        { cause: error },
      );
    }
    throw error;
  }
}

/** Node says `Cannot find package 'name' imported from …`; a missing dependency of the driver itself names that one instead. */
function isMissingPackage(error: unknown, name: string): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'MODULE_NOT_FOUND') return false;
  return error.message.includes(`'${name}'`) || error.message.includes(`"${name}"`);
}
