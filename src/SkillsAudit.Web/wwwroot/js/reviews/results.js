// Charts of a campaign's results; the data comes HTML-encoded in the data-chart attribute of #charts.
// Both are redrawn to their boxes' new width when the window is resized (a phone turned, a window narrowed).
import { redrawOnResize } from '../charts.js';

const data = JSON.parse(document.getElementById('charts').dataset.chart);
const distribution = echarts.init(document.getElementById('chart-distribution'));
distribution.setOption({
    title: { text: '等级分布', textStyle: { fontSize: 14 } }, tooltip: {}, xAxis: { type: 'category', data: data.distribution.map(d => d.name) }, yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: data.distribution.map(d => d.value), label: { show: true, position: 'top' } }]
});
const gapBox = document.getElementById('chart-gap');
gapBox.style.height = Math.max(420, 80 + 26 * data.bodies.length) + 'px';
const gap = echarts.init(gapBox);
gap.setOption({
    title: { text: '自评得分与考核小组打分', textStyle: { fontSize: 14 } }, tooltip: { trigger: 'axis' }, legend: { bottom: 0 }, grid: { left: 220 },
    xAxis: { type: 'value' }, yAxis: { type: 'category', inverse: true, axisLabel: { interval: 0 }, data: data.bodies.map(b => b.name) },
    series: [{ name: '自评得分', type: 'bar', data: data.bodies.map(b => b.self) }, { name: '考核小组打分', type: 'bar', data: data.bodies.map(b => b.panel) },
             { name: '差值', type: 'scatter', data: data.bodies.map(b => b.gap) }]
});
redrawOnResize([distribution, gap]);
