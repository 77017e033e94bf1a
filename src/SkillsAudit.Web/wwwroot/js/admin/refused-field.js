// After a refused form, the page marks its first wrong field (or, for a refusal about no field, the form's message) with
// autofocus. The browser focuses it but does not always scroll to it: on a phone the form sent may be far below the
// first screen. Bring it to the middle of the screen, so the message under the field is in view as well.
const target = document.querySelector('[autofocus]');
if (target) {
    target.scrollIntoView({ block: 'center' });
    target.focus({ preventScroll: true });
}
