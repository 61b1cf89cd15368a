// One place that names the vendored UI library: Preact with hooks, and htm for markup
// in tagged templates (no build step, no eval: it runs under script-src 'self').
export {
  html,
  render,
  useCallback,
  useEffect,
  useErrorBoundary,
  useLayoutEffect,
  useMemo,
  useReducer,
  useRef,
  useState,
} from "./vendor/htm-3.1.1/preact-standalone.mjs";
