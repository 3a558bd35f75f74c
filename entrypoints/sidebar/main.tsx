import { render } from 'preact';
import { mountSidebar } from '../../extension/ui/sidebar/mount';

mountSidebar(render, document.getElementById('root')!);
