import {
  ActionIcon,
  Group,
  Menu,
  useComputedColorScheme,
  useMantineColorScheme,
  type MantineColorScheme,
} from '@mantine/core';
import { IconDeviceDesktop, IconMoon, IconSun } from '@tabler/icons-react';

const options: { value: MantineColorScheme; label: string; icon: typeof IconSun }[] = [
  { value: 'light', label: 'Light', icon: IconSun },
  { value: 'dark', label: 'Dark', icon: IconMoon },
  { value: 'auto', label: 'System', icon: IconDeviceDesktop },
];

const isColorScheme = (value: string): value is MantineColorScheme => options.some((o) => o.value === value);

/** Light / dark / system; Mantine's color scheme manager persists the choice in localStorage. */
export function ThemeMenu() {
  const { colorScheme, setColorScheme } = useMantineColorScheme();
  const computed = useComputedColorScheme('light');
  const CurrentIcon = computed === 'dark' ? IconMoon : IconSun;

  return (
    <Menu position="bottom-end" width={160}>
      <Menu.Target>
        <ActionIcon size="lg" aria-label="Change theme" data-testid="theme-toggle">
          <CurrentIcon size={19} stroke={1.7} aria-hidden />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Theme</Menu.Label>
        <Menu.RadioGroup value={colorScheme} onChange={(value) => isColorScheme(value) && setColorScheme(value)}>
          {options.map(({ value, label, icon: Icon }) => (
            <Menu.RadioItem key={value} value={value}>
              <Group gap={8} wrap="nowrap">
                <Icon size={16} stroke={1.7} aria-hidden />
                {label}
              </Group>
            </Menu.RadioItem>
          ))}
        </Menu.RadioGroup>
      </Menu.Dropdown>
    </Menu>
  );
}
