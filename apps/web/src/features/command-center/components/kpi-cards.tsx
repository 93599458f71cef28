import '@mantine/charts/styles.css';
import { AreaChart, BarChart, DonutChart } from '@mantine/charts';
import { Grid, Group, Stack, Text } from '@mantine/core';
import { IconChartArea, IconChartBar, IconClockCheck, IconTargetArrow } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import type { CommandCenter } from '@grip/contracts/command-center';
import { SectionCard, SectionEmpty } from './section-card.tsx';
import { formatDay, formatHours, formatPercent } from './kpi-format.ts';
import classes from './command-center.module.css';

type Kpis = NonNullable<CommandCenter['kpis']>;

const CHART_HEIGHT = 200;
const count = (n: number) => n.toLocaleString();

/** The numbers a team steers by: where open work sits, the flow in and out, SLA compliance, time to completion. */
export function KpiCards({ kpis }: { kpis: Kpis }) {
  return (
    <Grid gap="md" data-testid="cc-kpis">
      <Grid.Col span={{ base: 12, md: 6, xl: 4 }}>
        <TicketsByStage stages={kpis.openByStage} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6, xl: 4 }}>
        <CreatedVsCompleted days={kpis.createdVsCompleted} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, xs: 6, xl: 2 }}>
        <SlaCompliance sla={kpis.sla} />
      </Grid.Col>
      <Grid.Col span={{ base: 12, xs: 6, xl: 2 }}>
        <TimeToCompletion hours={kpis.avgHoursToComplete} />
      </Grid.Col>
    </Grid>
  );
}

function TicketsByStage({ stages }: { stages: Kpis['openByStage'] }) {
  const open = stages.filter((stage) => stage.category !== 'done').reduce((sum, stage) => sum + stage.count, 0);
  const data = stages.map((stage) => ({ stage: stage.name, count: stage.count }));
  const hasDone = stages.some((stage) => stage.category === 'done');
  return (
    <SectionCard
      title="Tickets by stage"
      description={hasDone ? 'Open and waiting now; done stages: completed in the last 30 days.' : 'Open and waiting now, in the default pipeline.'}
      count={`${count(open)} open`}
      data-testid="cc-kpi-by-stage"
    >
      {stages.every((stage) => stage.count === 0) ? (
        <ChartEmpty icon={<IconChartBar size={22} aria-hidden />} text="No tickets yet. Open one with “New ticket” and it shows here." />
      ) : (
        <div className={classes.chart}>
          {/* Bars lie down: stage names are words, and read whole on the axis beside them. */}
          <BarChart
            h={Math.max(CHART_HEIGHT, stages.length * 34 + 30)}
            data={data}
            dataKey="stage"
            orientation="vertical"
            series={[{ name: 'count', label: 'Tickets', color: 'grip.5' }]}
            tickLine="x"
            gridAxis="x"
            maxBarWidth={26}
            withBarValueLabel
            // Room for the value label of the longest bar.
            barChartProps={{ margin: { right: 28 } }}
            xAxisProps={{ allowDecimals: false }}
            yAxisProps={{ width: 96, interval: 0, tick: { fontSize: 12 } }}
            valueFormatter={count}
            tooltipAnimationDuration={150}
          />
        </div>
      )}
    </SectionCard>
  );
}

function CreatedVsCompleted({ days }: { days: Kpis['createdVsCompleted'] }) {
  const data = days.map((day) => ({ day: formatDay(day.day), created: day.created, completed: day.completed }));
  const created = days.reduce((sum, day) => sum + day.created, 0);
  const completed = days.reduce((sum, day) => sum + day.completed, 0);
  return (
    <SectionCard title="Created vs completed" description={`Last 14 days: ${count(created)} created, ${count(completed)} completed.`} data-testid="cc-kpi-created-completed">
      {created === 0 && completed === 0 ? (
        <ChartEmpty icon={<IconChartArea size={22} aria-hidden />} text="Nothing opened or completed in the last 14 days." />
      ) : (
        <div className={classes.chart}>
          <AreaChart
            h={CHART_HEIGHT}
            data={data}
            dataKey="day"
            series={[
              { name: 'created', label: 'Created', color: 'grip.5' },
              { name: 'completed', label: 'Completed', color: 'teal.6' },
            ]}
            curveType="monotone"
            withDots={false}
            tickLine="y"
            gridAxis="y"
            yAxisProps={{ allowDecimals: false, width: 36 }}
            xAxisProps={{ interval: 'preserveStartEnd', minTickGap: 12, tick: { fontSize: 11 } }}
            valueFormatter={count}
            tooltipAnimationDuration={150}
          />
          <Group gap="md" justify="center" mt={4}>
            <Legend color="grip" shade={5} label="Created" />
            <Legend color="teal" label="Completed" />
          </Group>
        </div>
      )}
    </SectionCard>
  );
}

function SlaCompliance({ sla }: { sla: Kpis['sla'] }) {
  return (
    <SectionCard title="SLA compliance" description="Completed in the last 30 days, by their due date." data-testid="cc-kpi-sla">
      {sla.percent === null ? (
        <ChartEmpty icon={<IconTargetArrow size={22} aria-hidden />} text="No completions yet. The share finished on time shows once tickets are completed." />
      ) : (
        <Stack align="center" gap="xs" className={classes.chart}>
          <DonutChart
            size={130}
            thickness={18}
            data={[
              { name: 'On time', value: sla.onTime, color: 'teal.6' },
              { name: 'Late', value: sla.late, color: 'red.6' },
            ]}
            chartLabel={formatPercent(sla.percent)}
            tooltipDataSource="segment"
            valueFormatter={count}
            paddingAngle={sla.onTime > 0 && sla.late > 0 ? 2 : 0}
            data-testid="cc-sla-donut"
          />
          <Group gap="md" justify="center">
            <Legend color="teal" label={`${count(sla.onTime)} on time`} />
            <Legend color="red" label={`${count(sla.late)} late`} />
          </Group>
        </Stack>
      )}
    </SectionCard>
  );
}

function TimeToCompletion({ hours }: { hours: number | null }) {
  return (
    <SectionCard title="Average time to completion" description="From opened to completed, last 30 days." data-testid="cc-kpi-avg">
      {hours === null ? (
        <ChartEmpty icon={<IconClockCheck size={22} aria-hidden />} text="No completions yet. The average shows once tickets are completed." />
      ) : (
        <Stack gap={4} justify="center" style={{ flex: 1 }} py="md">
          <Text fz={{ base: 38, xl: 30 }} fw={700} lh={1.1} lts={-0.5} c="bright" style={{ whiteSpace: 'nowrap' }} data-testid="cc-avg-hours">
            {formatHours(hours)}
          </Text>
          <Text size="sm" c="dimmed">
            per ticket, on average
          </Text>
        </Stack>
      )}
    </SectionCard>
  );
}

function Legend({ color, shade = 6, label }: { color: string; shade?: number; label: string }) {
  return (
    <Group gap={6} wrap="nowrap">
      <span aria-hidden style={{ width: 10, height: 10, borderRadius: 2, background: `var(--mantine-color-${color}-${shade})` }} />
      <Text size="xs" c="dimmed">
        {label}
      </Text>
    </Group>
  );
}

function ChartEmpty({ icon, text }: { icon: ReactNode; text: string }) {
  return <SectionEmpty icon={icon} text={text} grow data-testid="cc-kpi-empty" />;
}
