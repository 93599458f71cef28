import { ListSearch } from '@/components/list/list-search.tsx';

interface TicketSearchProps {
  /** The search in use now. */
  value: string;
  onChange: (q: string) => void;
  searching?: boolean;
  'data-testid'?: string;
}

/** One box over titles and numbers (`1042` or `#1042`), for the board and the list. */
export function TicketSearch({ 'data-testid': testId = 'tickets-search', ...search }: TicketSearchProps) {
  return <ListSearch {...search} placeholder="Search title or #number" aria-label="Search tickets" width={260} data-testid={testId} />;
}
