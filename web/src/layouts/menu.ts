import { markRaw, type Component } from 'vue';
import { DataAnalysis } from '@element-plus/icons-vue';

export interface PlannedMenuItem {
  key: string;
  /** i18n key of the label. */
  title: string;
  icon: Component;
}

// Pages by user job that are not built yet: listed, greyed out, so people see where the product goes.
export const plannedMenuItems: readonly PlannedMenuItem[] = [{ key: 'dashboard', title: 'menu.dashboard', icon: markRaw(DataAnalysis) }];
