import AjvModule from 'ajv';

// ajv 8 is CommonJS: under NodeNext the default import is the module object on some setups.
type AjvClass = typeof AjvModule.default;

/** The Ajv class, whichever way the CommonJS module was imported. */
export const Ajv: AjvClass = (AjvModule as unknown as { default?: AjvClass }).default ?? (AjvModule as unknown as AjvClass);
