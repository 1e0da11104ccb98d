import { Graph, layout } from '@dagrejs/dagre';
import type { KeyboardEvent } from 'react';
import { useMemo, useState } from 'react';
import type { Lineage, LineageNode } from '../api.ts';
import { useI18n } from '../i18n.ts';
import { navigate, productPath } from '../router.tsx';

const NODE_W = 200;
const NODE_H = 54;

/** A product or source of the lineage, or a team that reads a product through a grant. */
type GraphNode =
  | LineageNode
  | {
      readonly id: string;
      readonly kind: 'team';
      readonly name: string;
      readonly domain: string | null;
    };

interface Placed {
  readonly node: GraphNode;
  readonly x: number;
  readonly y: number;
}

interface Routed {
  readonly from: string;
  readonly to: string;
  readonly port: string | null;
  readonly points: readonly { x: number; y: number }[];
}

/** Lays the lineage out left to right with dagre: sources first, consumers last. */
function place(lineage: Lineage): {
  nodes: Placed[];
  edges: Routed[];
  width: number;
  height: number;
} {
  const graph = new Graph();
  graph.setGraph({ rankdir: 'LR', nodesep: 24, ranksep: 70, marginx: 16, marginy: 16 });
  graph.setDefaultEdgeLabel(() => ({}));
  // Teams with an active grant are the graph's last column: one node per team (ids cannot
  // clash with product ids, which have no colon), one edge per grant's product and port.
  const teams = new Map<string, GraphNode>();
  const grantEdges: { from: string; to: string; port: string }[] = [];
  for (const c of lineage.consumers ?? []) {
    const id = `team:${c.team}`;
    teams.set(id, { id, kind: 'team', name: c.team, domain: c.domain });
    grantEdges.push({ from: c.product, to: id, port: `${c.port} · ${c.purpose}` });
  }
  const all: GraphNode[] = [...lineage.nodes, ...teams.values()];
  const known = new Set(all.map((n) => n.id));
  for (const node of all) graph.setNode(node.id, { width: NODE_W, height: NODE_H });
  const edges = [...lineage.edges, ...grantEdges].filter(
    (e) => known.has(e.from) && known.has(e.to) && e.from !== e.to,
  );
  for (const edge of edges) graph.setEdge(edge.from, edge.to);
  layout(graph);
  const label = graph.graph() as { width?: number; height?: number };
  return {
    nodes: all.map((node) => {
      const at = graph.node(node.id) as { x: number; y: number };
      return { node, x: at.x, y: at.y };
    }),
    edges: edges.map((e) => {
      const at = graph.edge(e.from, e.to) as { points?: { x: number; y: number }[] } | undefined;
      return { from: e.from, to: e.to, port: e.port, points: at?.points ?? [] };
    }),
    width: label.width ?? NODE_W,
    height: label.height ?? NODE_H,
  };
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/**
 * The lineage of one product as an SVG graph. Product nodes are links (Tab reaches them,
 * Enter opens them); hovering or focusing a node highlights its edges.
 */
export function LineageGraph({ lineage, focus }: { lineage: Lineage; focus: string }) {
  const { t } = useI18n();
  const laid = useMemo(() => place(lineage), [lineage]);
  const [active, setActive] = useState<string | null>(null);
  function open(node: GraphNode): void {
    if (node.kind === 'product' && node.id !== focus) navigate(productPath(node.id));
  }
  function onKey(event: KeyboardEvent, node: GraphNode): void {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      open(node);
    }
  }
  return (
    <div className="lineage" data-testid="lineage-graph">
      <svg
        width={laid.width}
        height={laid.height}
        style={{ aspectRatio: `${laid.width} / ${laid.height}` }}
        viewBox={`0 0 ${laid.width} ${laid.height}`}
        role="group"
        aria-label={t('lineage')}
      >
        <defs>
          <marker
            id="arrow"
            viewBox="0 0 10 10"
            refX="9"
            refY="5"
            markerWidth="7"
            markerHeight="7"
            orient="auto-start-reverse"
          >
            <path d="M0,0 L10,5 L0,10 z" className="lineage-arrow" />
          </marker>
        </defs>
        {laid.edges.map((edge) => {
          const lit = active !== null && (edge.from === active || edge.to === active);
          const d = edge.points.map((p, i) => `${i === 0 ? 'M' : 'L'}${p.x},${p.y}`).join(' ');
          return (
            <path
              key={`${edge.from}->${edge.to}`}
              d={d}
              className={`lineage-edge${lit ? ' lit' : ''}`}
              markerEnd="url(#arrow)"
            >
              {edge.port ? <title>{edge.port}</title> : null}
            </path>
          );
        })}
        {laid.nodes.map(({ node, x, y }) => {
          const isFocus = node.id === focus;
          const clickable = node.kind === 'product' && !isFocus;
          const classes = [
            'lineage-node',
            `kind-${node.kind}`,
            isFocus ? 'focus' : '',
            clickable ? 'clickable' : '',
          ]
            .filter(Boolean)
            .join(' ');
          const kindLabel = isFocus
            ? t('thisProduct')
            : t(node.kind === 'team' ? 'teamWithAccess' : node.kind);
          return (
            <g
              key={node.id}
              className={classes}
              transform={`translate(${x - NODE_W / 2},${y - NODE_H / 2})`}
              data-node={node.id}
              {...(clickable
                ? {
                    role: 'link',
                    tabIndex: 0,
                    'aria-label': `${node.name} (${kindLabel}${node.domain ? `, ${node.domain}` : ''})`,
                    onClick: () => open(node),
                    onKeyDown: (event: KeyboardEvent) => onKey(event, node),
                  }
                : { 'aria-label': `${node.name} (${kindLabel})`, role: 'img' })}
              onMouseEnter={() => setActive(node.id)}
              onMouseLeave={() => setActive(null)}
              onFocus={() => setActive(node.id)}
              onBlur={() => setActive(null)}
            >
              <rect width={NODE_W} height={NODE_H} rx={10} />
              <text x={12} y={22} className="lineage-name" data-user-data="">
                {truncate(node.name, 24)}
              </text>
              <text x={12} y={40} className="lineage-meta">
                {kindLabel}
                {node.domain ? (
                  <tspan data-user-data="">
                    {truncate(` · ${node.domain}`, Math.max(4, 30 - kindLabel.length))}
                  </tspan>
                ) : null}
              </text>
            </g>
          );
        })}
      </svg>
    </div>
  );
}
