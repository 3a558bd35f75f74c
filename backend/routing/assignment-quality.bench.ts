import { defineBench, p95 } from '../../bench/kit';
import { type Candidate, chooseAgent, compareWaiting, type Waiting } from './policy';

/**
 * Assignment quality on one simulated shift, the same arrival trace for both policies:
 * Switchboard's policy (shared backlog, hard cap, least loaded, priority first) against plain
 * round robin over online agents (each agent works at most `cap` chats at once; the rest wait
 * in that agent's own queue, and an agent who goes offline keeps theirs).
 */

function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Arrival {
  at: number;
  priority: number;
  handleMs: number;
}
interface AgentSpec {
  id: string;
  speed: number;
  offline: [number, number] | null;
}
interface Trace {
  arrivals: Arrival[];
  agents: AgentSpec[];
  endMs: number;
  cap: number;
}

const MINUTE = 60_000;

function makeTrace(seed: number, hours: number): Trace {
  const random = rng(seed);
  const cap = 5;
  const agents: AgentSpec[] = Array.from({ length: 8 }, (_, i) => ({
    id: `a${i}`,
    // Some agents are twice as fast as others: round robin cannot see that, load can.
    speed: 0.6 + random() * 0.9,
    offline: i < 2 ? [(1 + i) * 40 * MINUTE, (1 + i) * 40 * MINUTE + 30 * MINUTE] : null,
  }));
  const endMs = hours * 60 * MINUTE;
  const arrivals: Arrival[] = [];
  // ~85 % of the team's capacity: busy but serviceable.
  const meanHandle = 12 * MINUTE;
  const rate = (agents.length * cap * 0.85) / meanHandle;
  for (let t = 0; t < endMs; ) {
    t += -Math.log(1 - random()) / rate;
    arrivals.push({
      at: t,
      priority: random() < 0.1 ? 3 : 1,
      handleMs: -Math.log(1 - random()) * meanHandle,
    });
  }
  return { arrivals, agents, endMs, cap };
}

type Event = { at: number; kind: 'arrive' | 'done' | 'offline' | 'online'; index: number; agent?: string };

interface Outcome {
  waits: number[];
  spread: number;
}

function simulate(trace: Trace, policy: 'switchboard' | 'round-robin'): Outcome {
  const events: Event[] = [];
  trace.arrivals.forEach((a, index) => {
    events.push({ at: a.at, kind: 'arrive', index });
  });
  for (const agent of trace.agents) {
    if (agent.offline) {
      events.push({ at: agent.offline[0], kind: 'offline', index: -1, agent: agent.id });
      events.push({ at: agent.offline[1], kind: 'online', index: -1, agent: agent.id });
    }
  }
  const online = new Set(trace.agents.map((a) => a.id));
  const working = new Map(trace.agents.map((a) => [a.id, 0]));
  const personalQueue = new Map<string, number[]>(trace.agents.map((a) => [a.id, []]));
  const lastAssigned = new Map<string, number | null>(trace.agents.map((a) => [a.id, null]));
  const backlog: (Waiting & { index: number })[] = [];
  const waits: number[] = new Array(trace.arrivals.length).fill(Number.NaN);
  let rotation = 0;
  const spreads: number[] = [];
  let nextSample = 0;

  const push = (event: Event) => {
    // A sorted insert keeps the loop simple; traces are small.
    let i = events.length;
    while (i > 0 && (events[i - 1] as Event).at > event.at) i--;
    events.splice(i, 0, event);
  };
  events.sort((a, b) => a.at - b.at);

  const start = (agentId: string, index: number, now: number) => {
    const arrival = trace.arrivals[index] as Arrival;
    const speed = trace.agents.find((a) => a.id === agentId)?.speed ?? 1;
    working.set(agentId, (working.get(agentId) ?? 0) + 1);
    waits[index] = now - arrival.at;
    push({ at: now + arrival.handleMs / speed, kind: 'done', index, agent: agentId });
  };

  const drain = (now: number) => {
    if (policy === 'round-robin') {
      for (const id of online) {
        const queue = personalQueue.get(id) as number[];
        while (queue.length > 0 && (working.get(id) ?? 0) < trace.cap)
          start(id, queue.shift() as number, now);
      }
      return;
    }
    backlog.sort(compareWaiting);
    const candidates: Candidate[] = [...online].map((id) => ({
      id,
      load: working.get(id) ?? 0,
      cap: trace.cap,
      languages: [],
      skills: [],
      lastAssignedAt: lastAssigned.get(id) ?? null,
    }));
    for (let i = 0; i < backlog.length; ) {
      const item = backlog[i] as Waiting & { index: number };
      const agent = chooseAgent(item, candidates);
      if (!agent) break;
      agent.load += 1;
      agent.lastAssignedAt = now;
      lastAssigned.set(agent.id, now);
      backlog.splice(i, 1);
      start(agent.id, item.index, now);
    }
  };

  while (events.length > 0) {
    const event = events.shift() as Event;
    while (nextSample <= event.at && nextSample < trace.endMs) {
      const loads = [...online].map((id) => (working.get(id) ?? 0) + (personalQueue.get(id)?.length ?? 0));
      if (loads.length > 0) spreads.push(Math.max(...loads) - Math.min(...loads));
      nextSample += MINUTE;
    }
    const now = event.at;
    if (event.kind === 'arrive') {
      const arrival = trace.arrivals[event.index] as Arrival;
      if (policy === 'round-robin') {
        const ids = trace.agents.map((a) => a.id).filter((id) => online.has(id));
        const id = ids[rotation++ % ids.length] as string;
        personalQueue.get(id)?.push(event.index);
      } else {
        backlog.push({
          index: event.index,
          priority: arrival.priority,
          queuedAt: arrival.at,
          language: null,
          skill: null,
          preferredAgentId: null,
        });
      }
    } else if (event.kind === 'done' && event.agent) {
      working.set(event.agent, (working.get(event.agent) ?? 1) - 1);
    } else if (event.kind === 'offline' && event.agent) {
      online.delete(event.agent);
    } else if (event.kind === 'online' && event.agent) {
      online.add(event.agent);
    }
    drain(now);
  }
  const served = waits.filter((w) => !Number.isNaN(w));
  return { waits: served, spread: spreads.reduce((a, b) => a + b, 0) / Math.max(1, spreads.length) };
}

export default defineBench({
  name: 'backend.assignment-quality',
  async run({ size, log }) {
    const seeds = size === 'tiny' ? [1] : [1, 2, 3, 4, 5, 6, 7, 8];
    const hours = size === 'tiny' ? 3 : 8;
    const ours: number[] = [];
    const theirs: number[] = [];
    let ourSpread = 0;
    let theirSpread = 0;
    for (const seed of seeds) {
      const trace = makeTrace(seed, hours);
      const a = simulate(trace, 'switchboard');
      const b = simulate(trace, 'round-robin');
      ours.push(...a.waits);
      theirs.push(...b.waits);
      ourSpread += a.spread / seeds.length;
      theirSpread += b.spread / seeds.length;
    }
    const ourP95 = p95(ours) / 1000;
    const theirP95 = p95(theirs) / 1000;
    log(`${ours.length} conversations over ${seeds.length} simulated ${hours}-hour shifts`);
    return [
      {
        bench: 'backend.assignment.backlog_wait_p95',
        value: ourP95,
        unit: 's',
        ratio: theirP95 > 0 ? ourP95 / theirP95 : 0,
        limit: `plain round robin on the same trace: ${theirP95.toFixed(0)} s`,
        target: 'well below round robin',
      },
      {
        bench: 'backend.assignment.load_spread',
        value: ourSpread,
        unit: 'chats (max-min per minute)',
        ratio: theirSpread > 0 ? ourSpread / theirSpread : 0,
        limit: `plain round robin on the same trace: ${theirSpread.toFixed(2)}`,
        target: 'below round robin',
      },
    ];
  },
});
