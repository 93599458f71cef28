import { Skeleton } from '@mantine/core';
import classes from './board.module.css';

const COLUMNS = [4, 3, 2, 1];

/** The board's shape while its first answer loads: four columns of cards. */
export function BoardSkeleton() {
  return (
    <div className={classes.board} aria-busy="true" aria-label="Loading the board" data-testid="board-skeleton">
      {COLUMNS.map((cards, column) => (
        <div key={column} className={classes.column}>
          <div className={classes.columnHeader}>
            <Skeleton h={14} w={110} />
          </div>
          <div className={classes.columnBody}>
            <div className={classes.cards}>
              {Array.from({ length: cards }, (_, card) => (
                <Skeleton key={card} h={96} radius="md" />
              ))}
            </div>
          </div>
        </div>
      ))}
    </div>
  );
}
