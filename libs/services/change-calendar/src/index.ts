export { changeCalendarService } from './change-calendar.service';
export { ChangeCalendarModule } from './change-calendar.module';
export { ChangeCalendar, CALENDAR_CLOCK } from './change-calendar';
export { CHANGE_FEED, type ChangeFeed } from './feed/change-feed.port';
export { ChangeImports } from './imports/change-imports';
export { changeCalendarConfigSchema, type ChangeCalendarConfig } from './config';
