// Charts follow the window: when it is resized (a narrowed window, a phone turned), each chart is redrawn to its box's
// new size, once the resizing has settled (debounced), without reloading the page.

/** Redraws the charts (ECharts instances) after the window's size changes; `wait` ms after the last resize event. */
export function redrawOnResize(charts, wait = 150) {
    let timer;
    const redraw = () => {
        clearTimeout(timer);
        timer = setTimeout(() => charts.forEach(c => { if (!c.isDisposed()) c.resize(); }), wait);
    };
    window.addEventListener('resize', redraw);
    // some phones report the turned screen's size only after the orientation change event
    window.addEventListener('orientationchange', redraw);
    return redraw;
}
