// Used only when the export worker runs from TypeScript source (under Jest): Node strips the types
// itself, and this resolve hook lets the source's `./x.js` imports find `./x.ts` beside them.
export async function resolve(specifier, context, nextResolve) {
  try {
    return await nextResolve(specifier, context);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND' || !/^\.\.?\//.test(specifier) || !specifier.endsWith('.js')) throw error;
    return nextResolve(`${specifier.slice(0, -3)}.ts`, context);
  }
}
