/**
 * Go's text/template in TypeScript, with Helm's execution semantics and provenance.
 * See README.md in this folder for the API and HELM-CONTRACT.md for the contract.
 */
export { TemplateSet, DEFAULT_LIMITS, INCLUDE_FUNCTION, TPL_FUNCTION } from './template-set';
export { TemplateError, type TemplateErrorKind } from './errors';
export { declareMethodSignature, declareSignature, HELM_RECURSION_MAX } from './exec';
export * from './types';
export * from './tracked';
export * from './values';
export { sprint, sprintf, sprintln, formatValue, formatFloat } from './fmt';
export { quote, quoteToASCII, unquote, isPrint } from './strconv';
export { htmlEscapeString, jsEscapeString, queryEscape, goStringLen } from './builtins';
