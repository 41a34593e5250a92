/**
 * The tools that read data: a lake table's query tool (`query_<table>`) or a read API's tool
 * (`api_<service>`). Hooks police and report both alike; this names what one reads.
 */
export function dataToolTarget(toolName: string): string | undefined {
  return /^(?:query|api)_(.+)$/.exec(toolName)?.[1];
}
