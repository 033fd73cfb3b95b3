// What the chat surfaces say around managing a ticket: status, owner, pipeline, follow, delete
// and properties, their forms and the answers to them, in English.
export const manage = {
  // Move
  moveTitle: (p: { id: number }) => `Move #${p.id}`,
  move: "Move",
  toPipeline: "To pipeline",
  choosePipeline: "Choose a pipeline.",
  onlyOnePipeline: "There is only one pipeline.",
  moved: (p: { number: string; pipeline: string; status: string }) => `${p.number} is in ${p.pipeline}, status ${p.status}.`,
} as const;
