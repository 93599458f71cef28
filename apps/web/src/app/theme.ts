import {
  ActionIcon,
  Badge,
  Card,
  createTheme,
  localStorageColorSchemeManager,
  Menu,
  Paper,
  Tooltip,
  type MantineColorsTuple,
} from '@mantine/core';

// Grip's indigo, light to dark. Shade 6 carries white text at AA contrast.
const grip: MantineColorsTuple = [
  '#eef0fb',
  '#dcdff5',
  '#b7bdeb',
  '#8f99e0',
  '#6f7bd7',
  '#5e6ad2',
  '#4f5bc4',
  '#414bab',
  '#373f8f',
  '#2c3274',
];

const systemFont =
  'Inter, ui-sans-serif, system-ui, -apple-system, BlinkMacSystemFont, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif';

export const theme = createTheme({
  colors: { grip },
  primaryColor: 'grip',
  primaryShade: 6,
  defaultRadius: 'md',
  cursorType: 'pointer',
  fontFamily: systemFont,
  fontFamilyMonospace: 'ui-monospace, SFMono-Regular, Menlo, Consolas, "Liberation Mono", monospace',
  headings: { fontFamily: systemFont, fontWeight: '600' },
  components: {
    ActionIcon: ActionIcon.extend({ defaultProps: { variant: 'subtle', color: 'gray' } }),
    Badge: Badge.extend({ defaultProps: { variant: 'light', radius: 'sm', tt: 'none', fw: 600 } }),
    Card: Card.extend({ defaultProps: { withBorder: true, padding: 'lg' } }),
    Menu: Menu.extend({ defaultProps: { shadow: 'md', withinPortal: true } }),
    Paper: Paper.extend({ defaultProps: { withBorder: true } }),
    Tooltip: Tooltip.extend({ defaultProps: { openDelay: 300, withArrow: true } }),
  },
});

/** Same key as public/theme-init.js reads before the first paint. */
export const colorSchemeManager = localStorageColorSchemeManager({ key: 'mantine-color-scheme-value' });
