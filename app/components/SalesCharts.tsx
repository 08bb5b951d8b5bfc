// The dashboard's charts as plain SVG, the same markup on the server and after hydration, so they
// show with JavaScript off. Scales, ticks and the line's path come from d3-scale and d3-shape, the
// d3 modules chart libraries build on (recharts 3 itself renders nothing on the server,
// recharts#5997, so it is not used). Each point and bar has an SVG <title>, the browser's own tooltip; each chart is
// followed by its data table (the accessible reading of it), which the page renders.
import { scaleBand, scaleLinear, scalePoint } from "d3-scale";
import { line } from "d3-shape";

const WIDTH = 640;

export interface LinePoint {
  label: string;
  value: number;
  text: string;
}

export function SalesLineChart({ points, title, formatTick }: { points: LinePoint[]; title: string; formatTick: (value: number) => string }) {
  const height = 220;
  const margin = { top: 12, right: 16, bottom: 36, left: 72 };
  const x = scalePoint<string>().domain(points.map((point) => point.label)).range([margin.left, WIDTH - margin.right]).padding(0.3);
  const max = Math.max(1, ...points.map((point) => point.value));
  const y = scaleLinear().domain([Math.min(0, ...points.map((point) => point.value)), max]).nice().range([height - margin.bottom, margin.top]);
  const path = line<LinePoint>().x((point) => x(point.label) ?? 0).y((point) => y(point.value))(points) ?? "";
  const every = Math.max(1, Math.ceil(points.length / 8));
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={title}>
      <title>{title}</title>
      {y.ticks(5).map((tick) => (
        <g key={tick}>
          <line x1={margin.left} x2={WIDTH - margin.right} y1={y(tick)} y2={y(tick)} className="chart-grid" />
          <text x={margin.left - 8} y={y(tick)} dy="0.32em" textAnchor="end" className="chart-tick">{formatTick(tick)}</text>
        </g>
      ))}
      {points.map((point, index) => (index % every === 0 ? (
        <text key={point.label} x={x(point.label)} y={height - margin.bottom + 18} textAnchor="middle" className="chart-tick">{point.label}</text>
      ) : null))}
      <path d={path} className="chart-line" fill="none" />
      {points.map((point) => (
        <circle key={point.label} cx={x(point.label)} cy={y(point.value)} r={4} className="chart-dot">
          <title>{`${point.label}: ${point.text}`}</title>
        </circle>
      ))}
    </svg>
  );
}

export interface Bar {
  label: string;
  value: number;
  text: string;
}

export function HorizontalBarChart({ bars, title }: { bars: Bar[]; title: string }) {
  const rowHeight = 28;
  const margin = { top: 8, right: 96, bottom: 8, left: 200 };
  const height = margin.top + margin.bottom + Math.max(1, bars.length) * rowHeight;
  const y = scaleBand<string>().domain(bars.map((bar) => bar.label)).range([margin.top, height - margin.bottom]).padding(0.2);
  const x = scaleLinear().domain([0, Math.max(1, ...bars.map((bar) => bar.value))]).range([margin.left, WIDTH - margin.right]);
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={title}>
      <title>{title}</title>
      {bars.map((bar) => (
        <g key={bar.label}>
          <text x={margin.left - 8} y={(y(bar.label) ?? 0) + y.bandwidth() / 2} dy="0.32em" textAnchor="end" className="chart-tick">
            {bar.label.length > 28 ? `${bar.label.slice(0, 27)}…` : bar.label}
          </text>
          <rect x={margin.left} y={y(bar.label)} width={Math.max(0, x(bar.value) - margin.left)} height={y.bandwidth()} className="chart-bar">
            <title>{`${bar.label}: ${bar.text}`}</title>
          </rect>
          <text x={x(bar.value) + 6} y={(y(bar.label) ?? 0) + y.bandwidth() / 2} dy="0.32em" className="chart-tick">{bar.text}</text>
        </g>
      ))}
    </svg>
  );
}

export function ColumnChart({ bars, title }: { bars: Bar[]; title: string }) {
  const height = 200;
  const margin = { top: 12, right: 16, bottom: 32, left: 40 };
  const x = scaleBand<string>().domain(bars.map((bar) => bar.label)).range([margin.left, WIDTH - margin.right]).padding(0.15);
  const y = scaleLinear().domain([0, Math.max(1, ...bars.map((bar) => bar.value))]).nice().range([height - margin.bottom, margin.top]);
  const every = Math.max(1, Math.ceil(bars.length / 8));
  return (
    <svg className="chart" viewBox={`0 0 ${WIDTH} ${height}`} width="100%" role="img" aria-label={title}>
      <title>{title}</title>
      {y.ticks(4).filter(Number.isInteger).map((tick) => (
        <g key={tick}>
          <line x1={margin.left} x2={WIDTH - margin.right} y1={y(tick)} y2={y(tick)} className="chart-grid" />
          <text x={margin.left - 6} y={y(tick)} dy="0.32em" textAnchor="end" className="chart-tick">{tick}</text>
        </g>
      ))}
      {bars.map((bar, index) => (
        <g key={bar.label}>
          <rect x={x(bar.label)} y={y(bar.value)} width={x.bandwidth()} height={Math.max(0, y(0) - y(bar.value))} className="chart-bar">
            <title>{`${bar.label}: ${bar.text}`}</title>
          </rect>
          {index % every === 0 ? (
            <text x={(x(bar.label) ?? 0) + x.bandwidth() / 2} y={height - margin.bottom + 16} textAnchor="middle" className="chart-tick">{bar.label}</text>
          ) : null}
        </g>
      ))}
    </svg>
  );
}
